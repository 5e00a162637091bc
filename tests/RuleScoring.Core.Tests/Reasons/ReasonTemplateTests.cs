using System.Globalization;
using RuleScoring.Core.Reasons;

namespace RuleScoring.Core.Tests.Reasons;

/// <summary>The parsed template writes, for every placeholder and number, the text four Replace calls in a row give (ReplaceChainReasonText, how texts were filled before).</summary>
public sealed class ReasonTemplateTests
{
    private static readonly string[] Templates =
    [
        "",
        "Target industry",
        "Viewed pricing {count} times in 30 days, most recently {age}",
        "Account surging on our topics ({topics}), most recently {age}",
        "{points} points: {count}/{age}/{topics}",
        "{count}{count}{age}{age}",
        "{{count}} {count {age} {unknown} {points",
        "{ag{count}e} {top{age}ics} {po{points}ints}",
        "ends with a brace {",
        "{topics} then {count}",
    ];

    private static readonly decimal[] Points =
    [
        1m, -1m, 10m, 15.5m, 15.50m, 0.05m, -0.05m, 0.5m, -0.5m, 2.25m, -12.75m, 100.10m, 7.00m, 0.01m, 99999.99m,
        0m, -0.00m, 3.333m, 2.555m, 1.005m, 12345678901234.5m, -1e20m, 0.1234m,
    ];

    private static readonly int?[] Ages = [null, 0, 1, 2, 30, 365];

    private static readonly string[][] TopicLists = [[], ["crm"], ["lead scoring", "revops", "{count}"]];

    [Fact]
    public void Render_EveryTemplatePlaceholderAndNumber_IsTheReplaceText()
    {
        foreach (var template in Templates)
        {
            var parsed = ReasonTemplate.Parse(template);
            foreach (var points in Points)
            {
                foreach (var age in Ages)
                {
                    foreach (var topics in TopicLists)
                    {
                        foreach (var count in new[] { 0, 1, 3, 12345 })
                        {
                            parsed.Render(count, age, points, topics)
                                .ShouldBe(ReplaceChainReasonText.Format(template, count, age, points, topics), $"{template} / {points.ToString(CultureInfo.InvariantCulture)}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void UsesTopics_OnlyWhenTheTemplateListsThem()
    {
        ReasonTemplate.Parse("Used {count} product features: {topics}").UsesTopics.ShouldBeTrue();
        ReasonTemplate.Parse("Viewed pricing ({age}) {topic}").UsesTopics.ShouldBeFalse();
    }
}
