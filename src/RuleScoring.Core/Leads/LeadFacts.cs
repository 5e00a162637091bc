using System.Globalization;

namespace RuleScoring.Core.Leads;

/// <summary>
/// What a rule sees as <c>lead</c>. Text is trimmed and lower-cased once here, because rule
/// expressions compare case-sensitively and a missing value must compare as "" rather than null
/// (null comparisons are silently false in RulesEngine).
/// </summary>
public sealed class LeadFacts
{
    private readonly IReadOnlyDictionary<string, string> _attributes;

    internal LeadFacts(Lead lead)
    {
        _attributes = lead.Attributes;
        Id = lead.LeadId;
        Email = Text("email");
        var domain = Text("domain");
        if (domain.Length == 0)
        {
            var at = Email.LastIndexOf('@');
            domain = at >= 0 ? Email[(at + 1)..] : "";
        }

        EmailDomain = domain.StartsWith("www.", StringComparison.Ordinal) ? domain[4..] : domain;
        Company = Text("company");
        Industry = Text("industry");
        Country = Text("country");
        Title = Text("title");
        Seniority = Text("seniority");
        Function = Text("function");
        LifecycleStage = Text("lifecycle_stage");
        Employees = int.TryParse(Text("employees"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        TechStack = new Rules.MeteredList<string>(Text("tech_stack")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    public string Id { get; }
    public string Email { get; }
    /// <summary>The company domain: the <c>domain</c> column, else the part of the email after '@'.</summary>
    public string EmailDomain { get; }
    public string Company { get; }
    public string Industry { get; }
    public string Country { get; }
    public string Title { get; }
    public string Seniority { get; }
    public string Function { get; }
    public string LifecycleStage { get; }
    /// <summary>Null when unknown, so that neither "&lt; 10" nor "&gt;= 200" fires on a missing value.</summary>
    public int? Employees { get; }
    public IReadOnlyList<string> TechStack { get; }

    /// <summary>A custom CRM field, trimmed and lower-cased; "" when absent.</summary>
    public string Attr(string name) => Text(name);

    /// <summary>A custom numeric CRM field; null when absent or not a number.</summary>
    public double? Number(string name) =>
        double.TryParse(Text(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public bool HasTech(string tool) => TechStack.Contains(tool, StringComparer.OrdinalIgnoreCase);

    private string Text(string name) =>
        _attributes.TryGetValue(name, out var value) ? NormalText.Of(value) : "";
}
