using RuleScoring.Core.Csv;

namespace RuleScoring.Replay.Adapters;

/// <summary>
/// Maven's CRM Sales Opportunities (shared/data/crm-sales-opportunities) in the import
/// contract: one lead per opportunity carrying its account's firmographics and the product,
/// created at the engage date; one deal per opportunity (Won/Lost, Engaging/Prospecting = open),
/// created at the engage date and closed at the close date, segment = product series.
/// close_value is left out: it is 0 for every lost deal, so it is the outcome in disguise.
/// </summary>
internal static class CrmSalesOpportunities
{
    public static (int Leads, int Deals) Convert(string from, string to)
    {
        var accounts = SourceTable.Read(Path.Combine(from, "accounts.csv"));
        var products = SourceTable.Read(Path.Combine(from, "products.csv"));
        var pipeline = SourceTable.Read(Path.Combine(from, "sales_pipeline.csv"));
        var accountByName = accounts.Rows.ToDictionary(r => r.Values[accounts.Column("account")], r => r.Values, StringComparer.Ordinal);
        // The pipeline writes "GTXPro" where products.csv says "GTX Pro".
        var productByName = products.Rows.ToDictionary(r => r.Values[products.Column("product")].Replace(" ", "", StringComparison.Ordinal), r => r.Values, StringComparer.Ordinal);

        Directory.CreateDirectory(to);
        using var leads = new CsvWriter(new StreamWriter(Path.Combine(to, "leads.csv")));
        using var deals = new CsvWriter(new StreamWriter(Path.Combine(to, "deals.csv")));
        leads.WriteRecord(["lead_id", "company", "industry", "employees", "revenue_musd", "country", "year_established", "subsidiary", "product", "product_series", "list_price", "created_at"]);
        deals.WriteRecord(["lead_id", "opportunity_id", "outcome", "created_at", "closed_at", "segment"]);
        var count = 0;
        foreach (var (line, row) in pipeline.Rows)
        {
            string Field(string name) => row[pipeline.Column(name)].Trim();
            var id = Field("opportunity_id");
            var account = accountByName.GetValueOrDefault(Field("account"));
            var product = productByName.GetValueOrDefault(Field("product").Replace(" ", "", StringComparison.Ordinal))
                ?? throw new AdapterException($"{pipeline.File}:{line}: product '{Field("product")}' is not in products.csv");
            string Account(string name) => account is null ? "" : account[accounts.Column(name)].Trim();
            var outcome = Field("deal_stage") switch
            {
                "Won" => "won",
                "Lost" => "lost",
                "Engaging" or "Prospecting" => "open",
                var other => throw new AdapterException($"{pipeline.File}:{line}: deal_stage '{other}' is not Won, Lost, Engaging or Prospecting"),
            };
            leads.WriteRecord([id, Field("account"), Account("sector").Replace("technolgy", "technology", StringComparison.Ordinal), Account("employees"),
                Account("revenue"), Account("office_location"), Account("year_established"), account is null ? "" : Account("subsidiary_of").Length > 0 ? "yes" : "no",
                Field("product"), product[products.Column("series")], product[products.Column("sales_price")], Field("engage_date")]);
            deals.WriteRecord([id, id, outcome, Field("engage_date"), Field("close_date"), product[products.Column("series")]]);
            count++;
        }

        return (count, count);
    }
}
