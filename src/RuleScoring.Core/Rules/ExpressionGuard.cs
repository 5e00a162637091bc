using System.Linq.Expressions;
using System.Reflection;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Rules;

/// <summary>
/// Walks a parsed rule expression and reports what it may not do. Rule expressions are code
/// from whoever opens a pull request, and RulesEngine 6 makes <c>object</c>'s members reachable
/// (so <c>GetType()</c> and reflection with it), so this is an allow-list: members of our input
/// types, plain string, number, date and LINQ operations, nothing else. It also checks that
/// names passed to our helpers (signal types, groups, lists) exist in model.json, because a
/// misspelt signal type otherwise just never fires.
/// </summary>
internal sealed class ExpressionGuard : ExpressionVisitor
{
    public const int MaxExpressionLength = 2000;

    private static readonly HashSet<Type> InputTypes =
        [typeof(LeadFacts), typeof(SignalSet), typeof(SignalFact), typeof(ModelLists), typeof(TierFacts), typeof(Accounts.ContactFacts), typeof(Accounts.AccountFacts), typeof(Routing.RouteCard), typeof(Routing.RouteAccount)];

    private static readonly HashSet<Type> ValueTypes =
        [typeof(bool), typeof(int), typeof(long), typeof(double), typeof(decimal), typeof(float), typeof(DateTimeOffset), typeof(DateTime), typeof(TimeSpan)];

    private static readonly HashSet<string> StringMembers =
    [
        "Length", "Contains", "StartsWith", "EndsWith", "Equals", "CompareTo", "Compare", "CompareOrdinal",
        "IndexOf", "LastIndexOf", "IsNullOrEmpty", "IsNullOrWhiteSpace", "ToLower", "ToLowerInvariant",
        "ToUpper", "ToUpperInvariant", "Trim", "TrimStart", "TrimEnd", "Substring", "Concat", "op_Equality", "op_Inequality",
    ];

    /// <summary>How deep collection operators may nest (an operator inside another's lambda): each level multiplies the work per lead.</summary>
    public const int MaxCollectionNesting = 2;

    // Aggregate is refused on its own, with why (see VisitMethodCall).
    private static readonly HashSet<string> BannedEnumerable = ["Range", "Repeat"];
    private static readonly HashSet<string> BannedClock = ["Now", "UtcNow", "Today"];

    // Members whose result depends on the machine's time zone: the same lead would score differently on
    // two machines. (Culture is pinned for every host by InvariantGlobalization.)
    private static readonly HashSet<string> TimeZoneMembers =
        ["ToLocalTime", "LocalDateTime", "ToUniversalTime", "ToFileTime", "IsDaylightSavingTime", "FromFileTime"];

    // A parameterless ToString on these is plain (no culture, zone or size behind it); every other
    // ToString formats, and a format string can ask for a billion digits.
    private static readonly HashSet<Type> PlainToString = [typeof(string), typeof(int), typeof(long), typeof(bool)];

    // null when model.json did not load: names are checked once it does.
    private readonly IReadOnlySet<string>? _signalTypes;
    private readonly IReadOnlySet<string>? _signalGroups;
    private readonly IReadOnlySet<string>? _lists;
    private readonly List<string> _problems = [];
    private int _collectionDepth;

    private ExpressionGuard(IReadOnlySet<string>? signalTypes, IReadOnlySet<string>? signalGroups, IReadOnlySet<string>? lists)
    {
        _signalTypes = signalTypes;
        _signalGroups = signalGroups;
        _lists = lists;
    }

    /// <summary>Every problem found in <paramref name="expression"/>; empty when it is allowed.</summary>
    public static IReadOnlyList<string> Check(Expression expression, IReadOnlySet<string>? signalTypes, IReadOnlySet<string>? signalGroups, IReadOnlySet<string>? lists)
    {
        var guard = new ExpressionGuard(signalTypes, signalGroups, lists);
        guard.Visit(expression);
        return guard._problems.Distinct().ToArray();
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var method = node.Method;
        if ((method.DeclaringType == typeof(DateTime) || method.DeclaringType == typeof(DateTimeOffset)) && TimeZoneMembers.Contains(method.Name))
        {
            _problems.Add($"calls {Describe(method)}, which reads the machine's time zone: rules compare UTC times and ages (AgeDays), the same on every machine");
        }
        else if (method.Name == nameof(ToString) && !(method.GetParameters().Length == 0 && method.DeclaringType is { } owner && (PlainToString.Contains(owner) || owner == typeof(object) && node.Object?.Type is { } t && PlainToString.Contains(t))))
        {
            _problems.Add($"calls {Describe(method)}, which formats a value (culture, time zone and size of the output are outside the rule's control): compare the number or date itself");
        }
        else if (method.DeclaringType == typeof(Enumerable) && method.Name == "Aggregate")
        {
            // An accumulator can double a string per element (a + a): memory exponential in the signals.
            _problems.Add("calls Enumerable.Aggregate, whose work and memory a rule can make grow without bound: use Count, Sum, Max or Any");
        }
        else if (!IsAllowed(method))
        {
            _problems.Add($"calls {Describe(method)}, which rules may not use");
        }
        else if (method.DeclaringType == typeof(SignalSet) && node.Arguments.Count > 0 && node.Arguments[0] is ConstantExpression { Value: string name })
        {
            var known = method.Name == nameof(SignalSet.CountGroup) ? _signalGroups : _signalTypes;
            if (known is not null && !known.Contains(name))
            {
                var what = method.Name == nameof(SignalSet.CountGroup) ? "signal group" : "signal type";
                _problems.Add($"unknown {what} \"{name}\" (not in model.json's signal catalogue)");
            }
        }
        else if (method.DeclaringType == typeof(ModelLists) && node.Arguments.Count > 0 && node.Arguments[0] is ConstantExpression { Value: string list } && _lists is not null && !_lists.Contains(list))
        {
            _problems.Add($"unknown list \"{list}\" (not in model.json's lists)");
        }

        if (method.DeclaringType == typeof(Enumerable) && node.Arguments.Any(a => a is LambdaExpression or UnaryExpression { Operand: LambdaExpression }))
        {
            _collectionDepth++;
            if (_collectionDepth > MaxCollectionNesting)
            {
                _problems.Add($"nests collection operators {_collectionDepth} deep ({method.Name} inside another operator's lambda): at most {MaxCollectionNesting}, since each level multiplies the work per lead");
            }

            try
            {
                return base.VisitMethodCall(node);
            }
            finally
            {
                _collectionDepth--;
            }
        }

        return base.VisitMethodCall(node);
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        var member = node.Member;
        var type = member.DeclaringType;
        var allowed = type is not null && (InputTypes.Contains(type) || ValueTypes.Contains(type)
            || type == typeof(string) || type == typeof(Math) || IsNullable(type)
            || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyCollection<>)));
        if ((type == typeof(DateTime) || type == typeof(DateTimeOffset)) && BannedClock.Contains(member.Name))
        {
            _problems.Add($"reads {type.Name}.{member.Name}: rules must use ages (AgeDays), never the machine's clock");
        }
        else if ((type == typeof(DateTime) || type == typeof(DateTimeOffset)) && TimeZoneMembers.Contains(member.Name))
        {
            _problems.Add($"reads {type.Name}.{member.Name}, which depends on the machine's time zone: rules compare UTC times and ages (AgeDays), the same on every machine");
        }
        else if (!allowed || member is FieldInfo { IsPublic: false })
        {
            _problems.Add($"reads {type?.Name}.{member.Name}, which rules may not use");
        }

        return base.VisitMember(node);
    }

    protected override Expression VisitNew(NewExpression node)
    {
        _problems.Add($"creates a {node.Type.Name}: rules may not construct objects");
        return base.VisitNew(node);
    }

    protected override Expression VisitNewArray(NewArrayExpression node)
    {
        _problems.Add("creates an array: rules may not construct objects");
        return base.VisitNewArray(node);
    }

    protected override Expression VisitInvocation(InvocationExpression node)
    {
        _problems.Add("invokes a delegate, which rules may not do");
        return base.VisitInvocation(node);
    }

    protected override Expression VisitConstant(ConstantExpression node)
    {
        if (node.Value is Type or MemberInfo or Assembly or Delegate)
        {
            _problems.Add($"uses a {node.Value.GetType().Name} constant, which rules may not do");
        }

        return base.VisitConstant(node);
    }

    private static bool IsAllowed(MethodInfo method)
    {
        var type = method.DeclaringType;
        if (type is null)
        {
            return false;
        }

        if (InputTypes.Contains(type) || type == typeof(Math))
        {
            return true;
        }

        if (type == typeof(Enumerable))
        {
            return !BannedEnumerable.Contains(method.Name);
        }

        if (type == typeof(string))
        {
            return StringMembers.Contains(method.Name);
        }

        if (type == typeof(object))
        {
            return method.Name is nameof(Equals) or nameof(ToString);
        }

        if (ValueTypes.Contains(type) || IsNullable(type))
        {
            return !method.IsStatic || method.Name.StartsWith("op_", StringComparison.Ordinal) || method.Name is "Compare" or "Equals" or "Max" or "Min";
        }

        return false;
    }

    private static bool IsNullable(Type type) => Nullable.GetUnderlyingType(type) is not null
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Nullable<>));

    private static string Describe(MethodInfo method) => $"{method.DeclaringType?.Name}.{method.Name}";
}
