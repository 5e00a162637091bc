using Microsoft.Extensions.Logging;
using RuleScoring.Storage.Accounts;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Worker;
using RuleScoring.Worker.Rules;

namespace RuleScoring.Worker.Scoring;

/// <summary>
/// One tick of incremental rescoring, as of one time. Only leads whose score can have changed are
/// scored: (1) leads never scored or scored under another rule version (so a new version is applied
/// retroactively, once, resumably), (2) leads with signals their score has not seen, found through
/// a cursor over the signals table, (3) leads whose next change time (decay boundary, window end,
/// dated signal) has passed. Each batch is stored in one transaction (history, current, outbox, SLA
/// tasks); then the SLA monitor runs. Stopping between batches leaves every stored batch whole and
/// the cursor behind the unstored ones, so a restart redoes only what was not stored.
/// Several workers can share one PostgreSQL database: each batch is a claim (<see cref="LeadClaim"/>)
/// that other workers pass over, and the cursor steps run in one worker at a time.
/// </summary>
public sealed partial class ScoringTick(ScoreDatabase db, RulesSnapshot rules, int batchSize, ILogger log)
{
    private const int BreachesLogged = 20;
    private Action<int>? _onBatchStored;
    private FreshContacts? _contacts;
    private CardEncoding? _encoding;
    // Whether this tick's rules can carry stored cards of another version (see ScoreAndStore).
    private bool _reweigh;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    private const int HeldLeadsPolls = 600;
    private static readonly TimeSpan HeldLeadsPoll = TimeSpan.FromMilliseconds(100);

    /// <param name="onBatchStored">Called after each committed batch with the leads it stored.</param>
    public TickResult Run(DateTimeOffset asOf, Action<int>? onBatchStored = null, CancellationToken cancellationToken = default)
    {
        _onBatchStored = onBatchStored;
        var started = db.Time.GetTimestamp();
        var totals = new Totals();
        var scoredThisTick = new HashSet<string>(StringComparer.Ordinal);
        // Each scored lead in an account is classified as a contact while its lead and card are in
        // memory: the roll-up below reads no lead's signals again for them (it read them twice more).
        _contacts = rules.Accounts is { } classifier ? new FreshContacts(classifier) : null;
        // Cards are encoded and fingerprinted on the scoring threads, not by the one that stores them.
        _encoding = CardEncoding.For(db, rules.Scorer.CardTemplate);

        // 1. A lead leaves this list when its card is stored, so it drains (and resumes after a stop).
        var (stale, notYetCreated) = db.Worker.CountUnscoredOrStale(rules.Identity.Hash, asOf);
        var signature = rules.Scorer.CardTemplate.EvidenceSignature;
        _reweigh = stale > 0 && signature is not null && db.Scores.AnyCardsToReweigh(rules.Identity.Hash, signature);
        if (stale > 0)
        {
            LogRescoringForRules(log, stale, rules.Identity.Version, rules.Identity.ShortHash);
        }

        if (notYetCreated > 0)
        {
            LogNotYetCreated(log, notYetCreated, asOf);
        }

        var lastProgress = db.Time.GetTimestamp();
        string? after = null;
        // None stale (most ticks): no claim, which would pass over every lead to find none; one that
        // turns stale after the count (a lead imported just now) is the next tick's.
        while (stale > 0 && !cancellationToken.IsCancellationRequested)
        {
            using var claim = db.Worker.ClaimUnscoredOrStale(rules.Identity.Hash, asOf, after, batchSize);
            if (claim.LastExamined is null)
            {
                if (after is null)
                {
                    break;
                }

                // Leads passed over while another worker held them: look once more from the start.
                after = null;
                continue;
            }

            if (claim.LeadIds.Count > 0 && claim.LeadIds.All(scoredThisTick.Contains))
            {
                break;
            }

            after = claim.LastExamined;
            totals.ForRules += ScoreAndStore(claim, asOf, totals, scoredThisTick, reweigh: true);
            if (db.Time.GetElapsedTime(lastProgress) >= ProgressEvery)
            {
                lastProgress = db.Time.GetTimestamp();
                var elapsed = db.Time.GetElapsedTime(started);
                var rate = totals.ForRules / Math.Max(elapsed.TotalSeconds, 0.001);
                var eta = TimeSpan.FromSeconds(Math.Max(0, stale - totals.ForRules) / Math.Max(rate, 1));
                LogRulesProgress(log, totals.ForRules, stale, rate, eta);
            }
        }

        if (totals.Reweighed > 0)
        {
            LogReweighed(log, totals.Reweighed, totals.ForRules, rules.Identity.Version);
        }

        // 2. New signals, read through the worker's cursor; the cursor moves only after their leads are stored.
        // One worker at a time reads and moves the cursor; the others leave this step to it.
        using (var turn = db.Worker.TryTakeTurn(WorkerStore.SignalCursor))
        {
            while (turn is not null && !cancellationToken.IsCancellationRequested)
            {
                var cursor = db.Worker.GetCursor(WorkerStore.SignalCursor);
                var (ids, last) = db.Worker.LeadsWithNewSignals(cursor, batchSize * 10);
                if (last == cursor)
                {
                    break;
                }

                // No skipping of leads scored above: the store already left out those whose card saw these signals.
                foreach (var chunk in ids.Chunk(batchSize))
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    using var claim = db.Worker.Claim(chunk);
                    totals.ForSignals += ScoreAndStore(claim, asOf, totals, scoredThisTick);
                }

                if (!cancellationToken.IsCancellationRequested)
                {
                    db.Worker.SetCursor(WorkerStore.SignalCursor, last);
                }
            }
        }

        // 3. Decay: a scored lead's next change time moves past the as-of, so each is scored once.
        while (!cancellationToken.IsCancellationRequested)
        {
            using var claim = db.Worker.ClaimDue(asOf, batchSize);
            if (claim.LastExamined is null || (claim.LeadIds.Count > 0 && claim.LeadIds.All(scoredThisTick.Contains)))
            {
                break;
            }

            totals.ForDecay += ScoreAndStore(claim, asOf, totals, scoredThisTick);
        }

        // 4. Accounts: each batch marked the accounts of its leads in its transaction (and moved their
        // lifecycle stages); the marked accounts are rolled up here, once each, from their members'
        // current cards. Every worker drains, each taking accounts no other holds. On PostgreSQL a
        // worker first waits for the leads other workers still hold for the rules, so an account is
        // rolled up once their cards are in, not once before and again after.
        var accounts = 0;
        if (rules.Accounts is { } accountScorer && !cancellationToken.IsCancellationRequested)
        {
            var waitStarted = db.Time.GetTimestamp();
            WaitForHeldLeads(asOf, totals, scoredThisTick, cancellationToken);
            var waited = db.Time.GetElapsedTime(waitStarted);
            var drained = db.Accounts.Drain(accountScorer, asOf, _contacts, cancellationToken);
            accounts = drained.Accounts;
            if (accounts > 0)
            {
                LogAccountsRolledUp(log, accounts, drained.Elapsed.TotalSeconds, drained.PassedOver, drained.Contacts.Fresh, drained.KeptContacts, drained.Contacts.Read, waited.TotalSeconds);
            }
        }

        // Score rows written before batches followed themselves (migration 0011) get their accounts
        // and stages here, once, through the cursor over the score history the tick kept before.
        var transitions = totals.StageTransitions;
        using var accountTurn = cancellationToken.IsCancellationRequested ? null : db.Worker.TryTakeTurn(WorkerStore.AccountCursor);
        if (accountTurn is not null)
        {
            var cursor = db.Worker.GetCursor(WorkerStore.AccountCursor);
            var followedAfter = db.Worker.GetCursor(WorkerStore.FollowedAfter);
            if (cursor < followedAfter)
            {
                var (leads, _) = db.Worker.LeadsWithChangedCards(cursor, followedAfter);
                if (rules.Accounts is { } catchUpScorer)
                {
                    accounts += db.Accounts.Rescore(catchUpScorer, asOf, leads).Accounts;
                }

                transitions += db.Lifecycle.Update(leads).Transitions;
                db.Worker.SetCursor(WorkerStore.AccountCursor, followedAfter);
            }
        }

        var sweep = cancellationToken.IsCancellationRequested ? null : db.Sla.Sweep(asOf, rules.Router);
        // Each breach is in the outbox; the log names the first few (a first catch-up can find hundreds).
        foreach (var task in (sweep?.Breached ?? []).Take(BreachesLogged))
        {
            LogSlaBreached(log, task.LeadId, task.Tier, task.DueAt, task.SalesAction, task.Id);
        }

        if (sweep is { Breached.Count: > BreachesLogged })
        {
            LogMoreBreaches(log, sweep.Breached.Count - BreachesLogged, sweep.Breached.Count);
        }

        return new TickResult(asOf, rules.Identity.Version, totals.ForRules, totals.ForSignals, totals.ForDecay, totals.HistoryRows, totals.TierChanges,
            sweep?.Breached.Count ?? 0, sweep?.ClosedByDisposition ?? 0, db.Time.GetElapsedTime(started), !cancellationToken.IsCancellationRequested)
        {
            Accounts = accounts,
            StageTransitions = transitions,
            NotYetCreated = notYetCreated,
            ReweighedForRules = totals.Reweighed,
        };
    }

    /// <summary>
    /// PostgreSQL, several workers: until no lead is left unscored for these rules, claims what
    /// another worker let go (a worker that died rolled back and freed its batch) and otherwise
    /// waits for the batches still held (100 ms at a time, up to a minute). SQLite: one worker,
    /// nothing held.
    /// </summary>
    private void WaitForHeldLeads(DateTimeOffset asOf, Totals totals, HashSet<string> scoredThisTick, CancellationToken cancellationToken)
    {
        if (db.Kind != StoreKind.Postgres)
        {
            return;
        }

        // Polls counted, not clock time: the tick's clock can be a fake one.
        for (var poll = 0; poll < HeldLeadsPolls && !cancellationToken.IsCancellationRequested
             && db.Worker.AnyUnscoredOrStale(rules.Identity.Hash, asOf); poll++)
        {
            if (!ScoreFreed())
            {
                cancellationToken.WaitHandle.WaitOne(HeldLeadsPoll);
            }
        }

        bool ScoreFreed()
        {
            using var claim = db.Worker.ClaimUnscoredOrStale(rules.Identity.Hash, asOf, null, batchSize);
            if (claim.LeadIds.Count == 0 || claim.LeadIds.All(scoredThisTick.Contains))
            {
                return false;
            }

            totals.ForRules += ScoreAndStore(claim, asOf, totals, scoredThisTick, reweigh: true);
            return true;
        }
    }

    /// <summary>Scores the claimed leads and stores their cards with the claim (one transaction).</summary>
    /// <param name="reweigh">
    /// For a new rule version: a lead whose stored card the new rules can give again from its
    /// reasons (a change of weights only, nothing due before the as-of) is not read or scored,
    /// only reweighed (<see cref="LeadScorer.Reweigh"/>), unless it is a contact of an account:
    /// the roll-up classifies a contact from its signals (engaged: a recent one), and once they
    /// are read, scoring costs less than reading and reweighing the stored card (measured).
    /// </param>
    private int ScoreAndStore(LeadClaim claim, DateTimeOffset asOf, Totals totals, HashSet<string> scoredThisTick, bool reweigh = false)
    {
        var ids = claim.LeadIds;
        if (ids.Count == 0)
        {
            return 0;
        }

        Dictionary<string, ScoredLead> reweighed = [];
        IReadOnlyList<StoredLead> leads;
        if (reweigh && _reweigh)
        {
            var read = db.Leads.GetAttributes(ids, claim);
            var candidates = _contacts is null ? ids : [.. read.Where(l => _contacts.Scorer.KeyOf(l.Lead) is null).Select(l => l.Lead.LeadId)];
            reweighed = Reweigh(candidates, claim, asOf);
            leads = db.Leads.ReadSignals(reweighed.Count == 0 ? read : [.. read.Where(l => !reweighed.ContainsKey(l.Lead.LeadId))], claim);
        }
        else
        {
            leads = db.Leads.GetMany(ids, claim);
        }

        // Storing is one transaction on this thread.
        var (cards, classified) = _encoding!.ScoreAll(rules.Scorer, leads, asOf, _contacts);
        foreach (var card in cards.Where(c => c.Card.Errors.Count > 0))
        {
            LogCardErrors(log, card.Card.LeadId, string.Join("; ", card.Card.Errors));
        }

        var accountKeys = _contacts is null ? null : Enumerable.Range(0, leads.Count).ToDictionary(i => leads[i].Lead.LeadId, i => classified[i]!.Key, StringComparer.Ordinal);
        if (reweighed.Count > 0)
        {
            // In no account (a lead that left one still marks it for the roll-up).
            foreach (var id in reweighed.Keys)
            {
                accountKeys?.Add(id, null);
            }

            cards = [.. cards.Concat(reweighed.Values).OrderBy(c => c.Card.LeadId, StringComparer.Ordinal)];
            totals.Reweighed += reweighed.Count;
        }

        var followUp = new BatchFollowUp(Lifecycle: true, AccountKeys: accountKeys);
        var saved = db.Scores.Save(cards, claim, rules.Scorer.CardTemplate, rules.Router, followUp);
        claim.Commit();
        _contacts?.Add(classified.OfType<FreshContacts.Entry>());
        totals.HistoryRows += saved.HistoryRows;
        totals.TierChanges += saved.TierChanges;
        totals.StageTransitions += saved.StageTransitions;
        scoredThisTick.UnionWith(ids);
        _onBatchStored?.Invoke(saved.Leads);
        return saved.Leads;
    }

    /// <summary>Of these claimed leads, those whose stored cards the rules give again from their reasons, by lead id.</summary>
    private Dictionary<string, ScoredLead> Reweigh(IReadOnlyCollection<string> leadIds, LeadClaim claim, DateTimeOffset asOf)
    {
        var carried = db.Scores.CurrentBeforeNextChange(leadIds, asOf, rules.Scorer.CardTemplate.EvidenceSignature!, claim);
        var cards = new ScoredLead?[carried.Count];
        Parallel.For(0, carried.Count, i => cards[i] = carried[i].Reweigh(rules.Scorer, asOf) is { } card ? _encoding!.Prepare(card) : null);
        return cards.OfType<ScoredLead>().ToDictionary(c => c.Card.LeadId, StringComparer.Ordinal);
    }

    private sealed class Totals
    {
        public int ForRules;
        public int Reweighed;
        public int ForSignals;
        public int ForDecay;
        public int HistoryRows;
        public int TierChanges;
        public int StageTransitions;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rescoring {LeadCount} lead(s) never scored or scored under another version, for rules {RulesVersion} ({RulesHash})")]
    private static partial void LogRescoringForRules(ILogger logger, long leadCount, string rulesVersion, string rulesHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rules {RulesVersion} change only weights for {Reweighed} of {ForRules} lead(s): their cards were given again from their stored reasons, without reading signals")]
    private static partial void LogReweighed(ILogger logger, int reweighed, int forRules, string rulesVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accounts: {Accounts} rolled up in {Seconds:0.0} s, {Passed} passed over while another worker held them (contacts: {Fresh} from this tick's batches, {Kept} as stored with their cards, {Read} read back), after {Waited:0.0} s waiting for leads other workers held")]
    private static partial void LogAccountsRolledUp(ILogger logger, int accounts, double seconds, int passed, int fresh, int kept, int read, double waited);

    // Debug: a lead dated in the future stays out tick after tick; run --once prints the count.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{LeadCount} lead(s) not yet created at {AsOf:u}: not scored")]
    private static partial void LogNotYetCreated(ILogger logger, long leadCount, DateTimeOffset asOf);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rescoring: {Done} / {Total} leads, {LeadsPerSecond:F0} leads/s, ETA {Eta}")]
    private static partial void LogRulesProgress(ILogger logger, int done, long total, double leadsPerSecond, TimeSpan eta);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA breached: lead {LeadId} in tier {Tier} was due {DueAt:u} ({SalesAction}), task {TaskId}")]
    private static partial void LogSlaBreached(ILogger logger, string leadId, string tier, DateTimeOffset dueAt, string salesAction, long taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA breached: {More} more task(s), {Total} in this tick; each is in the outbox (GET /outbox)")]
    private static partial void LogMoreBreaches(ILogger logger, int more, int total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lead {LeadId} scored with rule errors: {Errors}")]
    private static partial void LogCardErrors(ILogger logger, string leadId, string errors);
}
