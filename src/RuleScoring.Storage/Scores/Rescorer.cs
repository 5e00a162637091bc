using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Scores;

/// <summary>
/// Scores every stored lead as of one time: reads a page of leads with their signals, scores it,
/// and stores the page's cards in one transaction before reading the next. Stopping (or a crash)
/// leaves whole pages stored; running again at the same as-of only finishes the rest.
/// </summary>
public sealed class Rescorer(ScoreDatabase db, LeadScorer scorer)
{
    /// <param name="onProgress">Called after each stored batch.</param>
    /// <param name="onCardErrors">Called for each card whose rules reported errors (it is stored with them).</param>
    public RescoreProgress RescoreAll(DateTimeOffset asOf, int batchSize = 1000, Action<RescoreProgress>? onProgress = null,
        Action<ScoreCard>? onCardErrors = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var started = db.Time.GetTimestamp();
        var total = db.Leads.Count();
        long scored = 0, history = 0, changes = 0, errors = 0;
        string? after = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = db.Leads.ReadPage(after, batchSize);
            if (page.Count == 0)
            {
                break;
            }

            // LeadScorer is thread-safe; scoring in parallel overlaps with nothing else, so the
            // page's cards are all ready before its one write transaction starts.
            var cards = new ScoredLead[page.Count];
            Parallel.For(0, page.Count, i => cards[i] = page[i].With(scorer.Score(page[i].Lead, asOf)));
            foreach (var card in cards.Where(c => c.Card.Errors.Count > 0))
            {
                errors++;
                onCardErrors?.Invoke(card.Card);
            }

            var saved = db.Scores.Save(cards);
            scored += saved.Leads;
            history += saved.HistoryRows;
            changes += saved.TierChanges;
            after = page[^1].Lead.LeadId;
            onProgress?.Invoke(new RescoreProgress(scored, total, history, changes, errors, db.Time.GetElapsedTime(started)));
        }

        return new RescoreProgress(scored, total, history, changes, errors, db.Time.GetElapsedTime(started));
    }
}
