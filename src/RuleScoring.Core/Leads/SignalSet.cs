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
    // The lead's types, each one's run being _grouped[_bounds[t].._bounds[t + 1]]; past ScanLimit types, also an index of them.
    private readonly string[] _types;
    private readonly int[] _bounds;
    private readonly Dictionary<string, int>? _slotOfType;
    private readonly IReadOnlyDictionary<string, string[]> _groups;
    // Every event most recent first, made when a rule first reads them (most read only counts by type).
    private SignalFact[]? _events;
    private Rules.MeteredList<SignalFact>? _metered;
    // The earliest time an answer given so far changes by the clock alone, and whether a rule read raw events (whose ages move daily).
    private DateTimeOffset? _answersHoldUntil;
    private bool _eventsRead;

    private SignalSet(SignalFact[] grouped, string[] types, int[] bounds, IReadOnlyDictionary<string, string[]> groups)
    {
        _grouped = grouped;
        _types = types;
        _bounds = bounds;
        if (types.Length > ScanLimit)
        {
            _slotOfType = new Dictionary<string, int>(types.Length, StringComparer.Ordinal);
            for (var t = 0; t < types.Length; t++)
            {
                _slotOfType.Add(types[t], t);
            }
        }

        _groups = groups;
    }

    /// <summary>Every signal before the as-of time, most recent first.</summary>
    public IReadOnlyList<SignalFact> Events
    {
        get
        {
            _eventsRead = true;
            return _metered ??= new Rules.MeteredList<SignalFact>(EventsMostRecentFirst());
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
                foreach (var e in EventsMostRecentFirst())
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
        var scratch = t_scratch ??= new GroupScratch();
        var facts = scratch.Facts(count);
        var slots = scratch.Slots(count);
        var types = scratch.Types;
        var lengths = scratch.Lengths;
        scratch.SlotIndex?.Clear();
        var distinct = 0;
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            var signal = signals[i];
            var elapsed = asOfTicks - signal.OccurredAt.UtcTicks;
            if (elapsed < 0)
            {
                continue;
            }

            // TimeSpan.TotalDays, floored: a signal 30.9 days old is 30 days old.
            var fact = new SignalFact(signal, (int)Math.Floor((double)elapsed / TimeSpan.TicksPerDay));
            var slot = distinct <= ScanLimit ? SlotOf(fact.Type, types, distinct) : scratch.IndexedSlotOf(fact.Type, distinct);
            if (slot == distinct)
            {
                if (distinct == types.Length)
                {
                    Array.Resize(ref scratch.Types, scratch.Room(distinct * 2));
                    Array.Resize(ref scratch.Lengths, distinct * 2);
                    types = scratch.Types;
                    lengths = scratch.Lengths;
                }

                types[distinct++] = fact.Type;
                lengths[slot] = 0;
                if (distinct > ScanLimit)
                {
                    scratch.Index(types, distinct);
                }
            }

            lengths[slot]++;
            facts[n] = fact;
            slots[n++] = slot;
        }

        // Each type's run in one array, in the order the types first came (any order serves: a
        // run is found by its type), then each run sorted most recent first on its own: a lead's
        // runs are short, so this sorts far less than the whole set would.
        var leadTypes = new string[distinct];
        var bounds = new int[distinct + 1];
        var starts = scratch.Starts(distinct);
        for (var t = 0; t < distinct; t++)
        {
            leadTypes[t] = types[t];
            starts[t] = bounds[t];
            bounds[t + 1] = bounds[t] + lengths[t];
        }

        var grouped = new SignalFact[n];
        for (var i = 0; i < n; i++)
        {
            grouped[starts[slots[i]]++] = facts[i];
        }

        for (var t = 0; t < distinct; t++)
        {
            SortMostRecentFirst(grouped.AsSpan(bounds[t], lengths[t]), scratch);
        }

        // Let go of the lead's facts: the scratch stays with the thread, at most its usual size.
        Array.Clear(facts, 0, n);
        Array.Clear(types, 0, distinct);
        scratch.Shrink();
        return new SignalSet(grouped, leadTypes, bounds, groups);
    }

    // Up to this many types a lead's types are scanned; past it (an export with a type per event) they are hashed.
    private const int ScanLimit = 32;

    /// <summary>
    /// The slot of <paramref name="type"/> among the first <paramref name="distinct"/> types of this
    /// lead, or <paramref name="distinct"/> when it is new: a lead has a few types, and its signals
    /// mostly share the same string instances, so a scan beats hashing every signal's type.
    /// </summary>
    private static int SlotOf(string type, string[] types, int distinct)
    {
        for (var t = 0; t < distinct; t++)
        {
            if (ReferenceEquals(types[t], type))
            {
                return t;
            }
        }

        for (var t = 0; t < distinct; t++)
        {
            if (string.Equals(types[t], type, StringComparison.Ordinal))
            {
                return t;
            }
        }

        return distinct;
    }

    // Arrays one score reuses on its thread while it groups a lead's signals (a score never starts another on its thread).
    [ThreadStatic]
    private static GroupScratch? t_scratch;

    private sealed class GroupScratch
    {
        private SignalFact[] _facts = new SignalFact[64];
        private int[] _slots = new int[64];
        private int[] _starts = new int[16];
        private long[] _keys = new long[64];
        public string[] Types = new string[16];
        public int[] Lengths = new int[16];

        public SignalFact[] Facts(int n) => _facts.Length >= n ? _facts : _facts = new SignalFact[Room(n)];

        public int[] Slots(int n) => _slots.Length >= n ? _slots : _slots = new int[Room(n)];

        public int[] Starts(int n) => _starts.Length >= n ? _starts : _starts = new int[Room(n)];

        public long[] Keys(int n) => _keys.Length >= n ? _keys : _keys = new long[Room(n)];

        /// <summary>Room for <paramref name="n"/>, noting when it is more than the arrays keep between leads.</summary>
        public int Room(int n)
        {
            _grown |= n > KeptCapacity;
            return n;
        }

        // Set when an array grew past KeptCapacity: only then does Shrink have anything to do.
        private bool _grown;

        /// <summary>The lead's types by slot, once it has more than <see cref="ScanLimit"/>.</summary>
        public Dictionary<string, int>? SlotIndex;

        /// <summary>Adds the newest of the lead's types to the index (all of them the first time it is needed).</summary>
        public void Index(string[] types, int distinct)
        {
            var index = SlotIndex ??= new Dictionary<string, int>(StringComparer.Ordinal);
            for (var t = index.Count; t < distinct; t++)
            {
                index.Add(types[t], t);
            }
        }

        public int IndexedSlotOf(string type, int distinct) => SlotIndex!.TryGetValue(type, out var slot) ? slot : distinct;

        /// <summary>The most signals (or types) the arrays keep room for between leads: one lead of millions does not hold that much memory for as long as its thread lives.</summary>
        public const int KeptCapacity = 4096;

        /// <summary>The largest room any of the arrays keeps now.</summary>
        public int Capacity => Math.Max(Math.Max(_facts.Length, _slots.Length), Math.Max(Math.Max(_starts.Length, _keys.Length), Math.Max(Types.Length, Lengths.Length)));

        /// <summary>Drops any array grown past <see cref="KeptCapacity"/> for a lead out of the ordinary, and the type index such a lead made.</summary>
        public void Shrink()
        {
            if (!_grown)
            {
                return;
            }

            _grown = false;

            _facts = _facts.Length > KeptCapacity ? new SignalFact[64] : _facts;
            _slots = _slots.Length > KeptCapacity ? new int[64] : _slots;
            _starts = _starts.Length > KeptCapacity ? new int[16] : _starts;
            _keys = _keys.Length > KeptCapacity ? new long[64] : _keys;
            Types = Types.Length > KeptCapacity ? new string[16] : Types;
            Lengths = Lengths.Length > KeptCapacity ? new int[16] : Lengths;
            SlotIndex = null;
        }
    }

    /// <summary>The largest room this thread's grouping arrays keep between leads (for tests).</summary>
    internal static int ScratchCapacity => t_scratch?.Capacity ?? 0;

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
        for (var i = 0; i < typesOrGroups.Count; i++)
        {
            var name = typesOrGroups[i];
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

    /// <summary>Every event most recent first: the runs merged in the one order <see cref="CompareMostRecentFirst"/> gives.</summary>
    private SignalFact[] EventsMostRecentFirst()
    {
        if (_events is null)
        {
            var events = (SignalFact[])_grouped.Clone();
            var scratch = t_scratch ??= new GroupScratch();
            SortMostRecentFirst(events, scratch);
            scratch.Shrink();
            _events = events;
        }

        return _events;
    }

    /// <summary>
    /// Sorts by <see cref="CompareMostRecentFirst"/>. Events often come in order already (newest or
    /// oldest first): those are kept or reversed in one pass. A short run is insertion-sorted; a long
    /// one sorted on its times as numbers (no comparison delegate per step), then each run of events
    /// at the same instant by the rest of their content.
    /// </summary>
    private static void SortMostRecentFirst(Span<SignalFact> facts, GroupScratch scratch)
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

        if (newestFirst)
        {
            return;
        }

        if (oldestFirst)
        {
            facts.Reverse();
            return;
        }

        var n = facts.Length;
        if (n <= 16)
        {
            for (var i = 1; i < n; i++)
            {
                var fact = facts[i];
                var j = i - 1;
                while (j >= 0 && CompareMostRecentFirst(fact, facts[j]) < 0)
                {
                    facts[j + 1] = facts[j];
                    j--;
                }

                facts[j + 1] = fact;
            }

            return;
        }

        var keys = scratch.Keys(n).AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            keys[i] = -facts[i].OccurredAt.UtcTicks;
        }

        keys.Sort(facts);
        for (var i = 0; i < n;)
        {
            var end = i + 1;
            while (end < n && keys[end] == keys[i])
            {
                end++;
            }

            if (end - i > 1)
            {
                facts[i..end].Sort(MostRecentFirst);
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

    /// <summary>The run of one type: found by a scan of the lead's few types (the strings compare by reference, then length, then text), or by its index past <see cref="ScanLimit"/>.</summary>
    private ReadOnlySpan<SignalFact> OfType(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var types = _types;
        var slot = -1;
        if (_slotOfType is null)
        {
            for (var t = 0; t < types.Length; t++)
            {
                if (string.Equals(types[t], type))
                {
                    slot = t;
                    break;
                }
            }
        }
        else if (_slotOfType.TryGetValue(type, out var indexed))
        {
            slot = indexed;
        }

        return slot < 0 ? default : _grouped.AsSpan(_bounds[slot], _bounds[slot + 1] - _bounds[slot]);
    }

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
}
