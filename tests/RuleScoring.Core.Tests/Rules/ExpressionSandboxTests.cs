using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Rules;

/// <summary>
/// Rule expressions are code anyone with a pull request can write. These are public exploit
/// payloads (System.Linq.Dynamic.Core's own SecurityTests, CVE-2024-51417's GetType walk,
/// resource exhaustion, ambient clocks) aimed at each of our inputs; every one must be refused at
/// load with the rule named, before anything runs.
/// </summary>
public sealed class ExpressionSandboxTests
{
    public static TheoryData<string, string> Payloads => new()
    {
        // System.Linq.Dynamic.Core SecurityTests: reflection through a string literal.
        { "scoring", "\"\".GetType().Assembly.DefinedTypes.Where(it.Name == \"Assembly\").First().DeclaredMethods.Where(it.Name == \"GetName\").First().Invoke(\"\".GetType().Assembly, new Object[] {}).Name.ToString() != \"Test\"" },
        { "scoring", "\"\".GetType().Assembly.GetType(\"System.AppDomain\").GetMethods()[104].Invoke(\"\".GetType().Assembly.GetType(\"System.AppDomain\").GetProperty(\"CurrentDomain\").GetValue(null), \"System.Diagnostics.Process\".Split(\";\".ToCharArray())) != null" },
        { "scoring", "string.Join(\"_\", lead.GetType().Assembly.DefinedTypes.SelectMany(t => t.CustomAttributes).Select(a => a.AttributeType).Select(t => t.AssemblyQualifiedName)) != \"\"" },
        { "scoring", "string.Join(\"_\", signals.GetType().Assembly.DefinedTypes.Select(t => t.BaseType).Select(t => t.AssemblyQualifiedName)) != \"\"" },
        { "scoring", "lists.GetType().Assembly.FullName != \"\"" },
        { "scoring", "signals.Events.First().GetType().Assembly.Location != \"\"" },
        { "tiers", "card.GetType().Assembly.FullName != \"\"" },
        // Static types outside the allow-list: files, processes, environment.
        { "scoring", "System.IO.File.Exists(\"/etc/passwd\")" },
        { "scoring", "System.Diagnostics.Process.Start(\"sh\") != null" },
        { "scoring", "System.Environment.GetEnvironmentVariable(\"HOME\") != \"\"" },
        { "scoring", "Type.GetType(\"System.IO.File\") != null" },
        // Resource exhaustion and ambient time.
        { "scoring", "Enumerable.Range(0, 30000000).Count() > 0" },
        { "scoring", "Enumerable.Repeat(1, 30000000).Count() > 0" },
        { "scoring", "DateTime.Now.Year > 2000" },
        { "scoring", "DateTime.UtcNow.Year > 2000" },
        { "tiers", "DateTimeOffset.Now.Year > 2000 and card.Fit >= 40" },
        { "scoring", "Guid.NewGuid() != Guid.Empty" },
        // The machine's time zone: the same lead would score differently under TZ=UTC and TZ=Asia/Kolkata.
        { "scoring", "signals.Events.Any(s => s.OccurredAt.ToLocalTime().Hour < 12)" },
        { "scoring", "signals.Events.Any(s => s.OccurredAt.LocalDateTime.Hour < 12)" },
        { "scoring", "signals.Events.Any(s => s.OccurredAt.DateTime.ToUniversalTime().Hour < 12)" },
        { "tiers", "card.Fit >= 40 and DateTimeOffset.MinValue.ToLocalTime().Year > 1" },
        // Formatting: a precision specifier makes one call allocate gigabytes; the output also follows culture and zone.
        { "scoring", "signals.Events.Any(s => s.Value.ToString(\"F999999999\").Length > 3)" },
        { "scoring", "signals.Events.Any(s => s.OccurredAt.ToString().Length > 3)" },
        { "scoring", "signals.Events.Any(s => s.AgeDays.ToString(\"D999999999\").Length > 3)" },
        // Work that multiplies per lead: nested operators, and an accumulator that doubles.
        { "scoring", "signals.Events.SelectMany(a => signals.Events.SelectMany(b => signals.Events.Select(c => c.AgeDays))).Count() > 0" },
        { "scoring", "signals.Events.Select(s => s.Type).Aggregate(\"x\", (a, t) => a + a).Length > 0" },
        { "scoring", "new Object[] {}.Length == 0" },
        { "scoring", "lead.Title.PadLeft(2000000000).Length > 0 and " + new string(' ', 2000) + "true" },
        // The account model's expressions: account.json rules and model.json's contact classification.
        { "account", "account.GetType().Assembly.FullName != \"\"" },
        { "account", "System.IO.File.Exists(\"/etc/passwd\") or account.Engaged >= 3" },
        { "account", "DateTime.UtcNow.Year > 2000" },
        { "contact", "card.GetType().Assembly.Location != \"\"" },
        { "contact", "System.Diagnostics.Process.Start(\"sh\") != null" },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_IsRefusedAtLoad_NamingItsRule(string target, string expression)
    {
        var (file, rule) = target switch
        {
            "tiers" => ("tiers.json", "tier.A"),
            "account" => ("account.json", "account.best_fit"),
            "contact" => ("model.json", "accounts.engaged"),
            _ => ("fit.json", "fit.partner_tech"),
        };
        using var rules = target == "contact"
            ? new RulesCopy().EditJson(file, m => m["accounts"]!["engaged"] = expression)
            : new RulesCopy().EditJson(file, w => RulesCopy.Rule(w, rule)["Expression"] = expression);

        var result = RuleSetLoader.Validate(rules.Directory);

        result.RuleSet.ShouldBeNull("a rule set with a refused expression must never be used");
        var errors = result.Errors.ToArray();
        errors.ShouldNotBeEmpty();
        errors.ShouldAllBe(p => p.Rule == rule && p.File == file);
        Should.Throw<RuleSetException>(() => RuleSetLoader.Load(rules.Directory)).Message.ShouldContain(rule);
    }

    [Fact]
    public void EveryShippedRule_IsAccepted()
    {
        var result = RuleSetLoader.Validate(Repo.Rules);

        result.Errors.ShouldBeEmpty();
        result.RuleSet!.ScoringRules.Count().ShouldBeGreaterThan(30);
    }
}
