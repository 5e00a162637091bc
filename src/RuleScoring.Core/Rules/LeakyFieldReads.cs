using System.Linq.Expressions;
using RuleScoring.Core.Leads;

namespace RuleScoring.Core.Rules;

/// <summary>
/// The lead attributes a parsed rule expression reads: the names passed as constants to
/// <c>lead.Attr</c> and <c>lead.Number</c>, and the attributes behind LeadFacts' typed members
/// (<c>lead.Industry</c> reads "industry"). Validate holds them against model.json's leakyFields.
/// </summary>
internal sealed class LeakyFieldReads : ExpressionVisitor
{
    private static readonly Dictionary<string, string[]> TypedMembers = new(StringComparer.Ordinal)
    {
        [nameof(LeadFacts.Email)] = ["email"],
        [nameof(LeadFacts.EmailDomain)] = ["domain", "email"],
        [nameof(LeadFacts.Company)] = ["company"],
        [nameof(LeadFacts.Industry)] = ["industry"],
        [nameof(LeadFacts.Country)] = ["country"],
        [nameof(LeadFacts.Title)] = ["title"],
        [nameof(LeadFacts.Seniority)] = ["seniority"],
        [nameof(LeadFacts.Function)] = ["function"],
        [nameof(LeadFacts.LifecycleStage)] = ["lifecycle_stage"],
        [nameof(LeadFacts.Employees)] = ["employees"],
        [nameof(LeadFacts.TechStack)] = ["tech_stack"],
        [nameof(LeadFacts.HasTech)] = ["tech_stack"],
    };

    private readonly IReadOnlySet<string> _leaky;
    private readonly SortedSet<string> _found = new(StringComparer.OrdinalIgnoreCase);

    private LeakyFieldReads(IReadOnlySet<string> leaky) => _leaky = leaky;

    /// <summary>The leaky fields <paramref name="expression"/> reads, in name order; empty when it reads none.</summary>
    public static IReadOnlyList<string> Find(Expression expression, IReadOnlySet<string> leaky)
    {
        if (leaky.Count == 0)
        {
            return [];
        }

        var visitor = new LeakyFieldReads(leaky);
        visitor.Visit(expression);
        return [.. visitor._found];
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.DeclaringType == typeof(LeadFacts))
        {
            if (node.Method.Name is nameof(LeadFacts.Attr) or nameof(LeadFacts.Number) && node.Arguments.Count == 1 && node.Arguments[0] is ConstantExpression { Value: string name })
            {
                Add(name.Trim());
            }

            AddTyped(node.Method.Name);
        }

        return base.VisitMethodCall(node);
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        if (node.Member.DeclaringType == typeof(LeadFacts))
        {
            AddTyped(node.Member.Name);
        }

        return base.VisitMember(node);
    }

    private void AddTyped(string member)
    {
        foreach (var field in TypedMembers.GetValueOrDefault(member) ?? [])
        {
            Add(field);
        }
    }

    private void Add(string field)
    {
        if (_leaky.Contains(field))
        {
            _found.Add(field);
        }
    }
}
