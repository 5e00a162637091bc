using System.Globalization;
using Dapper;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Pilot;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Pilot;

/// <summary>
/// Pilot assignments: every lead not yet in a group is put in one by <see cref="PilotGroups"/>
/// and recorded with the time; recorded rows are never changed (the table refuses updates and
/// deletes), so running again only adds the leads that arrived since.
/// </summary>
public sealed class PilotStore
{
    private readonly ScoreDatabase _db;

    internal PilotStore(ScoreDatabase db) => _db = db;

    /// <summary>The pilot's settings, or null before the first run.</summary>
    public PilotSettings? Settings() => Settings(null);

    private PilotSettings? Settings(System.Data.IDbTransaction? transaction) =>
        _db.Connection.Query<SettingsRow>("SELECT share AS Share, seed AS Seed, from_at AS FromAt, started_at AS StartedAt FROM pilot_settings", transaction: transaction)
            .Select(r => new PilotSettings(r.Share, (int)r.Seed, r.FromAt, r.StartedAt)).SingleOrDefault();

    /// <summary>The group a lead is recorded in, or null.</summary>
    public string? GroupOf(string leadId) =>
        _db.Connection.ExecuteScalar<string?>("SELECT grp FROM pilot_assignments WHERE lead_id = @leadId", new { leadId });

    /// <exception cref="PilotException">The pilot was started with another share, seed or start.</exception>
    public PilotAssignResult Assign(double share, int seed, DateTimeOffset? from)
    {
        if (!(share > 0 && share < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "the pilot's share must be between 0 and 1 (exclusive)");
        }

        var now = _db.Time.GetUtcNow();
        var connection = _db.Connection;
        using var transaction = connection.BeginTransaction();
        var settings = Settings(transaction);
        if (settings is null)
        {
            settings = new PilotSettings(share, seed, from, now);
            connection.Execute("INSERT INTO pilot_settings (id, share, seed, from_at, started_at) VALUES (1, @share, @seed, @from, @now)",
                new { share, seed, from = SqlTimestamp.Format(from), now }, transaction);
        }
        else if (settings.Share != share || settings.Seed != seed || settings.From != from)
        {
            throw new PilotException(string.Create(CultureInfo.InvariantCulture,
                $"{_db.Path}: the pilot was started on {Timestamps.Format(settings.StartedAt)} with --share {settings.Share} --seed {settings.Seed}" +
                $"{(settings.From is { } f ? " --from " + Timestamps.Format(f) : "")}; assignments are never changed, so every run must use the same values (this one asked for --share {share} --seed {seed}{(from is { } g ? " --from " + Timestamps.Format(g) : "")})"));
        }

        var pending = connection.Query<(string LeadId, string EnteredAt)>("""
            SELECT l.lead_id, COALESCE(l.created_at, (SELECT MIN(s.occurred_at) FROM signals s WHERE s.lead_id = l.lead_id), l.first_seen_at)
            FROM leads l
            WHERE NOT EXISTS (SELECT 1 FROM pilot_assignments a WHERE a.lead_id = l.lead_id)
            ORDER BY l.lead_id
            """, transaction: transaction).ToList();
        var start = SqlTimestamp.Format(from);
        long newPilot = 0, newControl = 0, beforeStart = 0;
        using (var insert = new BulkCommand(connection, transaction,
                   "INSERT INTO pilot_assignments (lead_id, grp, bucket, entered_at, assigned_at) VALUES (@lead, @grp, @bucket, @entered, @now)",
                   returnsValue: false, "lead", "grp", "bucket", "entered", "now"))
        {
            foreach (var (leadId, enteredAt) in pending)
            {
                if (start is not null && string.CompareOrdinal(enteredAt, start) < 0)
                {
                    beforeStart++;
                    continue;
                }

                var bucket = PilotGroups.Bucket(leadId, seed);
                var group = bucket < share ? PilotGroups.Pilot : PilotGroups.Control;
                insert.Add(leadId, group, bucket, enteredAt, SqlTimestamp.Format(now));
                if (group == PilotGroups.Pilot)
                {
                    newPilot++;
                }
                else
                {
                    newControl++;
                }
            }

            insert.Complete();
        }

        transaction.Commit();
        var totals = connection.Query<(string Group, long Count)>("SELECT grp, COUNT(*) FROM pilot_assignments GROUP BY grp").ToDictionary(r => r.Group, r => r.Count);
        return new PilotAssignResult(settings, newPilot, newControl, totals.GetValueOrDefault(PilotGroups.Pilot), totals.GetValueOrDefault(PilotGroups.Control), beforeStart);
    }

    private sealed class SettingsRow
    {
        public double Share { get; set; }
        public long Seed { get; set; }
        public DateTimeOffset? FromAt { get; set; }
        public DateTimeOffset StartedAt { get; set; }
    }
}
