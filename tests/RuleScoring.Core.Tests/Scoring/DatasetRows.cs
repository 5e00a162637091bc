using System.Text;
using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>
/// Rows of the public datasets beside the repository (../shared/data, never committed) as leads
/// with the attributes the example rules in rules/examples read: the same columns and renames the
/// replay adapters and mappings/ produce, read here without them (Core's tests reference Core only).
/// </summary>
internal static class DatasetRows
{
    /// <summary>Up to <paramref name="max"/> leads from the example's dataset; null when the dataset is not beside the repository.</summary>
    public static IReadOnlyList<Lead>? For(string example, int max) => example switch
    {
        "bank-marketing" => BankMarketing(max),
        "crm-sales-opportunities" => CrmSalesOpportunities(max),
        "x-education" => XEducation(max),
        _ => throw new ArgumentException($"no dataset for the example '{example}'", nameof(example)),
    };

    /// <summary>The example's rows, or the test skipped with the reason when its dataset is not beside the repository.</summary>
    public static IReadOnlyList<Lead> ForOrSkip(string example, int max)
    {
        var leads = For(example, max);
        Skip.If(leads is null, $"the {example} dataset is not in shared/data beside the repository (it is never committed)");
        return leads!;
    }

    public static string? SharedData(string relativePath)
    {
        for (var dir = new DirectoryInfo(Repo.Root).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    // BankMarketing adapter: the client's profile, "default" renamed, unknown and pdays 999 empty.
    private static List<Lead>? BankMarketing(int max)
    {
        var file = SharedData(Path.Combine("bank-marketing", "bank-additional", "bank-additional-full.csv"));
        if (file is null)
        {
            return null;
        }

        string[] profile = ["age", "job", "marital", "education", "default", "housing", "loan", "contact", "campaign", "pdays", "previous", "poutcome"];
        var (header, rows) = Read(file, ';', max);
        return rows.Select((row, i) => Lead.Create($"bank-{i + 2}", profile.Select(p =>
        {
            var value = row[Array.IndexOf(header, p)].Trim();
            value = p == "pdays" && value == "999" || value == "unknown" ? "" : value;
            return KeyValuePair.Create(p == "default" ? "credit_default" : p, value);
        }))).ToList();
    }

    // CrmSalesOpportunities adapter: one lead per opportunity with its account's firmographics and its product.
    private static List<Lead>? CrmSalesOpportunities(int max)
    {
        var pipeline = SharedData(Path.Combine("crm-sales-opportunities", "sales_pipeline.csv"));
        if (pipeline is null)
        {
            return null;
        }

        var folder = Path.GetDirectoryName(pipeline)!;
        var (accountHeader, accountRows) = Read(Path.Combine(folder, "accounts.csv"), ',', int.MaxValue);
        var (productHeader, productRows) = Read(Path.Combine(folder, "products.csv"), ',', int.MaxValue);
        var accounts = accountRows.ToDictionary(r => r[Array.IndexOf(accountHeader, "account")], StringComparer.Ordinal);
        var products = productRows.ToDictionary(r => r[Array.IndexOf(productHeader, "product")].Replace(" ", "", StringComparison.Ordinal), StringComparer.Ordinal);
        var (header, rows) = Read(pipeline, ',', max);
        string Get(string[] row, string[] of, string column) => row[Array.IndexOf(of, column)].Trim();
        return rows.Select(row =>
        {
            var account = accounts.GetValueOrDefault(Get(row, header, "account"));
            var product = products[Get(row, header, "product").Replace(" ", "", StringComparison.Ordinal)];
            string Account(string column) => account is null ? "" : Get(account, accountHeader, column);
            return Lead.Create(Get(row, header, "opportunity_id"), new Dictionary<string, string>
            {
                ["company"] = Get(row, header, "account"),
                ["industry"] = Account("sector").Replace("technolgy", "technology", StringComparison.Ordinal),
                ["employees"] = Account("employees"),
                ["revenue_musd"] = Account("revenue"),
                ["country"] = Account("office_location"),
                ["year_established"] = Account("year_established"),
                ["product"] = Get(row, header, "product"),
                ["product_series"] = Get(product, productHeader, "series"),
                ["list_price"] = Get(product, productHeader, "sales_price"),
            });
        }).ToList();
    }

    // mappings/x-education-leads.json: its column renames, "Select" (the form's unanswered default) empty.
    private static List<Lead>? XEducation(int max)
    {
        var file = SharedData(Path.Combine("x-education-leads", "Leads.csv"));
        if (file is null)
        {
            return null;
        }

        using var mapping = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "mappings", "x-education-leads.json")));
        var renames = mapping.RootElement.GetProperty("columns").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var (header, rows) = Read(file, ',', max);
        return rows.Select(row =>
        {
            var attributes = header.Select((column, i) => (Column: column, Value: row[i].Trim()))
                .Where(c => renames.ContainsKey(c.Column) && renames[c.Column] != "lead_id")
                .Select(c => KeyValuePair.Create(renames[c.Column], c.Value == "Select" ? "" : c.Value));
            return Lead.Create(row[Array.IndexOf(header, "Prospect ID")], attributes);
        }).ToList();
    }

    /// <summary>A CSV file's header and up to <paramref name="max"/> rows (quoted fields, doubled quotes; no newlines inside fields in these files).</summary>
    private static (string[] Header, List<string[]> Rows) Read(string file, char separator, int max)
    {
        var lines = File.ReadLines(file).Where(l => l.Length > 0).Take(max == int.MaxValue ? int.MaxValue : max + 1).ToList();
        return (Split(lines[0], separator), lines.Skip(1).Select(l => Split(l, separator)).ToList());
    }

    private static string[] Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
