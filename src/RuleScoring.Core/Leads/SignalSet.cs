using System.Runtime.InteropServices;

namespace RuleScoring.Core.Leads;

/// <summary>
/// What a rule sees as <c>signals</c>: a lead's signals up to the as-of time, indexed once per
/// lead by type (most recent first), so that a rule asking "3 pricing views in 30 days" is a
/// binary search rather than a scan of every event.
/// </summary>
public sealed class SignalSet
{
    // Every event grouped by type (each type's run most recent first), and where each type's run is.
    private readonly SignalFact[] _grouped;
    private readonly Dictionary<string, Run> _byType;
    private readonly IReadOnlyDictionary<string, string[]> _groups;
    private readonly SignalFact[] _events;
    private readonly Rules.MeteredList<SignalFact> _metered;
    // The earliest time an answer given so far changes by the clock alone, and whether a rule read raw events (whose ages move daily).
    private DateTimeOffset? _answersHoldUntil;
    private bool _eventsRead;

    private SignalSet(SignalFact[] grouped, Dictionary<string, Run> byType, SignalFact[] events, IReadOnlyDictionary<string, string[]> groups)
    {
        _grouped = grouped;
        _byType = byType;
        _events = events;
        _metered = new Rules.MeteredList<SignalFact>(events);
        _groups = groups;
    }

    /// <summary>Every signal before the as-of time, most recent first.</summary>
    public IReadOnlyList<SignalFact> Events
    {
        get
        {
            _eventsRead = true;
            return _metered;
        }
    }

    /// <summary>
    /// Until when every answer this set has given (counts and values over windows, days since,
    /// events and their ages) stays the same as the clock moves on with no new signal: the first
    /// time an event leaves a window that was asked about, or, once a rule has read the events
    /// themselves, the first time any event's age in days goes up. Null when no answer depends on time.
    /// </summary>
    internal DateTimeOffset? AnswersHoldUntil
    {
        get
        {
            var until = _answersHoldUntil;
            if (_eventsRead)
            {
                foreach (var e in _events)
                {
                    Holds(ref until, e.OccurredAt.AddDays(e.AgeDays + 1));
                }
            }

            return until;
        }
    }

    /// <summary>Indexes <paramref name="signals"/> as of <paramref name="asOf"/>; later signals are left out.</summary>
    /// <param name="groups">Signal groups from the model's catalogue (group name to its signal types).</param>
    public static SignalSet Create(IReadOnlyList<Signal> signals, DateTimeOffset asOf, IReadOnlyDictionary<string, string[]> groups)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(groups);
        // Times as UTC ticks: what DateTimeOffset compares and subtracts, without taking each apart again.
        var asOfTicks = asOf.UtcTicks;
        var count = signals.Count;
        var facts = new SignalFact[count];
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            var signal = signals[i];
            var elapsed = asOfTicks - signal.OccurredAt.UtcTicks;
            if (elapsed >= 0)
            {
                // TimeSpan.TotalDays, floored: a signal 30.9 days old is 30 days old.
                facts[n++] = new SignalFact(signal, (int)Math.Floor((double)elapsed / TimeSpan.TicksPerDay));
            }
        }

        if (n < facts.Length)
        {
            Array.Resize(ref facts, n);
        }

        // Order is part of determinism: most recent first, ties broken on content, never on input order.
        // Signals often come in order already (newest or oldest first); those are kept or reversed, not sorted.
        switch (OrderOf(facts))
        {
            case Order.MostRecentFirst:
                break;
            case Order.OldestFirst:
                Array.Reverse(facts);
                break;
            default:
                SortMostRecentFirst(facts);
                break;
        }

        // Group by type in passes over the sorted events (count, place the runs, fill), so each
        // type's run stays most recent first: one dictionary and one array for every type.
        var byType = new Dictionary<string, Run>(Math.Min(facts.Length, 16), StringComparer.Ordinal);
        foreach (var fact in facts)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(byType, fact.Type, out _).Length++;
        }

        var start = 0;
        foreach (var type in byType.Keys)
        {
            ref var run = ref CollectionsMarshal.GetValueRefOrNullRef(byType, type);
            run.Start = run.Filled = start;
            start += run.Length;
        }

        var grouped = new SignalFact[facts.Length];
        foreach (var fact in facts)
        {
            grouped[CollectionsMarshal.GetValueRefOrNullRef(byType, fact.Type).Filled++] = fact;
        }

        return new SignalSet(grouped, byType, facts, groups);
    }

    public int Count(string type) => OfType(type).Length;

    /// <summary>Signals of <paramref name="type"/> at most <paramref name="withinDays"/> days old.</summary>
    public int Count(string type, int withinDays) => Within(OfType(type), withinDays);

    public bool Any(string type) => OfType(type).Length > 0;

    public bool Any(string type, int withinDays) => Within(OfType(type), withinDays) > 0;

    /// <summary>Signals of any type in a catalogue group (e.g. bottom-of-funnel content) within a window.</summary>
    public int CountGroup(string group, int withinDays)
    {
        if (!_groups.TryGetValue(group, out var types))
        {
            return 0;
        }

        var total = 0;
        foreach (var type in types)
        {
            total += Within(OfType(type), withinDays);
        }

        return total;
    }

    /// <summary>Distinct non-empty topics among signals of <paramref name="type"/> within a window.</summary>
    public int DistinctTopics(string type, int withinDays)
    {
        var events = OfType(type);
        var n = Within(events, withinDays);
        if (n == 0)
        {
            return 0;
        }

        var topics = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            if (events[i].Topic.Length > 0)
            {
                topics.Add(events[i].Topic);
            }
        }

        return topics.Count;
    }

    /// <summary>The highest value (e.g. a surge score) among signals of <paramref name="type"/> within a window; 0 when none.</summary>
    public double MaxValue(string type, int withinDays)
    {
        var events = OfType(type);
        var n = Within(events, withinDays);
        var max = 0d;
        for (var i = 0; i < n; i++)
        {
            max = Math.Max(max, events[i].Value);
        }

        return max;
    }

    /// <summary>Age in days of the most recent signal of <paramref name="type"/>; null when there is none.</summary>
    public int? DaysSinceLast(string type)
    {
        var events = OfType(type);
        if (events.Length == 0)
        {
            return null;
        }

        Holds(ref _answersHoldUntil, events[0].OccurredAt.AddDays(events[0].AgeDays + 1));
        return events[0].AgeDays;
    }

    /// <summary>The evidence behind a rule: signals of the given types (or groups) within a window, most recent first.</summary>
    /// <param name="found">Filled (the caller's list, empty, reused from rule to rule).</param>
    internal void Evidence(IReadOnlyList<string> typesOrGroups, int? withinDays, List<SignalFact> found)
    {
        var types = 0;
        foreach (var name in typesOrGroups)
        {
            if (_groups.TryGetValue(name, out var group))
            {
                types += group.Length;
                foreach (var type in group)
                {
                    AddWithin(found, type, withinDays);
                }
            }
            else
            {
                types++;
                AddWithin(found, name, withinDays);
            }
        }

        // Each type's events are already most recent first; several types (a group counts as
        // its members) must be merged, or a rule's decay would follow the first type listed
        // rather than the newest evidence.
        if (types > 1)
        {
            found.Sort(static (a, b) => a.AgeDays != b.AgeDays ? a.AgeDays.CompareTo(b.AgeDays) : b.OccurredAt.CompareTo(a.OccurredAt));
        }
    }

    private void AddWithin(List<SignalFact> found, string type, int? withinDays)
    {
        var events = OfType(type);
        var n = withinDays is { } days ? Within(events, days) : events.Length;
        for (var i = 0; i < n; i++)
        {
            found.Add(events[i]);
        }
    }

    private enum Order
    {
        MostRecentFirst,
        OldestFirst,
        Neither,
    }

    /// <summary>Whether the facts are already most recent first, or exactly the reverse, in one pass (two with the same content are in order either way).</summary>
    private static Order OrderOf(SignalFact[] facts)
    {
        bool newestFirst = true, oldestFirst = true;
        for (var i = 1; i < facts.Length && (newestFirst || oldestFirst); i++)
        {
            var c = CompareMostRecentFirst(facts[i - 1], facts[i]);
            if (c < 0)
            {
                oldestFirst = false;
            }
            else if (c > 0)
            {
                newestFirst = false;
            }
        }

        return newestFirst ? Order.MostRecentFirst : oldestFirst ? Order.OldestFirst : Order.Neither;
    }

    // The sort's keys (a lead's signals are sorted on one thread at a time): reused, grown as needed.
    [ThreadStatic]
    private static long[]? t_sortKeys;

    /// <summary>
    /// Sorts by <see cref="CompareMostRecentFirst"/>: on the time alone as numbers first (no comparison
    /// delegate per step), then each run of events at the same instant by the rest of their content.
    /// </summary>
    private static void SortMostRecentFirst(SignalFact[] facts)
    {
        var n = facts.Length;
        var keys = t_sortKeys is { } reused && reused.Length >= n ? reused : t_sortKeys = new long[Math.Max(n, 64)];
        for (var i = 0; i < n; i++)
        {
            keys[i] = -facts[i].OccurredAt.UtcTicks;
        }

        Array.Sort(keys, facts, 0, n);
        for (var i = 0; i < n;)
        {
            var end = i + 1;
            while (end < n && keys[end] == keys[i])
            {
                end++;
            }

            if (end - i > 1)
            {
                Array.Sort(facts, i, end - i, MostRecentFirst);
            }

            i = end;
        }
    }

    /// <summary>
    /// Most recent first; events at the same instant by type, topic, value, source and then the
    /// offset they were given in: a total order on everything a fact holds, so any input order of
    /// the same signals gives one order, and two that compare equal cannot be told apart.
    /// </summary>
    private static int CompareMostRecentFirst(SignalFact a, SignalFact b)
    {
        var byTime = b.OccurredAt.UtcTicks.CompareTo(a.OccurredAt.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var c = string.CompareOrdinal(a.Type, b.Type);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Topic, b.Topic);
        }

        if (c == 0)
        {
            c = BitConverter.DoubleToInt64Bits(a.Value).CompareTo(BitConverter.DoubleToInt64Bits(b.Value));
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Source, b.Source);
        }

        return c != 0 ? c : a.OccurredAt.Offset.Ticks.CompareTo(b.OccurredAt.Offset.Ticks);
    }

    private static readonly IComparer<SignalFact> MostRecentFirst = Comparer<SignalFact>.Create(CompareMostRecentFirst);

    private ReadOnlySpan<SignalFact> OfType(string type) =>
        _byType.TryGetValue(type, out var run) ? _grouped.AsSpan(run.Start, run.Length) : default;

    /// <summary>How many of the events are within the window; the answer holds until the oldest of them leaves it.</summary>
    private int Within(ReadOnlySpan<SignalFact> events, int withinDays)
    {
        var n = CountWithin(events, withinDays);
        if (n > 0)
        {
            // Age is whole days elapsed: an event is within d days until d + 1 days after it happened.
            // Within one age, the run is most recent first, so the last one in is the first out.
            // A window past the calendar's end (a rule may say 10^9 days) never closes.
            var oldest = events[n - 1].OccurredAt;
            if ((DateTimeOffset.MaxValue - oldest).TotalDays > withinDays + 1d)
            {
                Holds(ref _answersHoldUntil, oldest.AddDays(withinDays + 1d));
            }
        }

        return n;
    }

    private static void Holds(ref DateTimeOffset? until, DateTimeOffset at)
    {
        if (until is null || at < until)
        {
            until = at;
        }
    }

    // Events are sorted by age ascending: the ones within the window form a prefix.
    private static int CountWithin(ReadOnlySpan<SignalFact> events, int withinDays)
    {
        int lo = 0, hi = events.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (events[mid].AgeDays <= withinDays)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>One type's events in the grouped array; <see cref="Filled"/> is where the next goes while it is built.</summary>
    private struct Run
    {
        public int Start;
        public int Length;
        public int Filled;
    }
}
