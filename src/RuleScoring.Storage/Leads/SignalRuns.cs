using RuleScoring.Core.Leads;

namespace RuleScoring.Storage.Leads;

/// <summary>
/// The signals of a list of leads as their rows are read, lead by lead: each lead's run kept in
/// seq order (the order a lead's signals always had) however the rows came within it, and the
/// highest seq read. Rows of a lead not in the list (created after the as-of time, inside a
/// page's id range) are passed over.
/// </summary>
internal sealed class SignalRuns
{
    private readonly List<StoredLead> _leads;
    private readonly Dictionary<string, int> _index;
    private readonly List<(long Seq, Signal Signal)>?[] _runs;
    private int _at = -1;

    public SignalRuns(List<StoredLead> leads)
    {
        _leads = leads;
        _index = new Dictionary<string, int>(leads.Count, StringComparer.Ordinal);
        for (var i = 0; i < leads.Count; i++)
        {
            _index[leads[i].Lead.LeadId] = i;
        }

        _runs = new List<(long, Signal)>?[leads.Count];
    }

    /// <summary>False while the rows read belong to a lead not in the list.</summary>
    public bool Wanted => _at >= 0;

    /// <summary>The rows that follow are <paramref name="leadId"/>'s.</summary>
    public void StartLead(string leadId) => _at = _index.GetValueOrDefault(leadId, -1);

    public void Add(long seq, Signal signal)
    {
        if (_at >= 0)
        {
            (_runs[_at] ??= []).Add((seq, signal));
        }
    }

    /// <param name="settled">
    /// What the card may claim to have seen: on PostgreSQL a signal with a lower seq than one read
    /// can still be in flight, and a card claiming the higher seq would make the worker's signal
    /// step pass over the late one. Capped, such a lead is only rescored once more.
    /// </param>
    public StoredLead[] Finish(long settled)
    {
        var stored = new StoredLead[_leads.Count];
        for (var i = 0; i < _leads.Count; i++)
        {
            var row = _leads[i];
            if (_runs[i] is not { } run)
            {
                stored[i] = new StoredLead(row.Lead with { Signals = [] }, row.CreatedAt, 0);
                continue;
            }

            var inOrder = true;
            for (var k = 1; k < run.Count && inOrder; k++)
            {
                inOrder = run[k - 1].Seq < run[k].Seq;
            }

            if (!inOrder)
            {
                run.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
            }

            var signals = new Signal[run.Count];
            for (var k = 0; k < signals.Length; k++)
            {
                signals[k] = run[k].Signal;
            }

            stored[i] = new StoredLead(row.Lead with { Signals = signals }, row.CreatedAt, Math.Min(run[^1].Seq, settled));
        }

        return stored;
    }
}
