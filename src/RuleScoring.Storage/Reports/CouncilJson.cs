using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Outcomes;
using RuleScoring.Storage.Lifecycle;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// The council report as JSON for machines (dashboards, a council deck): the numbers of
/// <see cref="CouncilReportBuilder"/> unrounded, snake_case names, null where the text says "-".
/// Written field by field so the names are a contract, not whatever the records happen to be called.
/// </summary>
public static class CouncilJson
{
    public static void Write(CouncilReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        var s = report.Score;
        w.WriteStartObject();
        w.WriteStartObject("rules");
        w.WriteString("name", report.Rules.Name);
        w.WriteString("version", report.Rules.Version);
        w.WriteString("hash", report.Rules.Hash);
        w.WriteEndObject();
        w.WriteString("generated_at", report.GeneratedAt);
        w.WriteString("this_month", report.ThisMonth);
        w.WriteString("last_month", report.LastMonth);
        w.WriteNumber("small_sample_below", CouncilReport.SmallSample);

        w.WriteStartObject("tiers");
        w.WriteNumber("scored_leads", s.ScoredLeads);
        w.WriteNumber("unscored_leads", s.UnscoredLeads);
        Array(w, "rows", s.CurrentTiers, t =>
        {
            w.WriteString("tier", t.Tier);
            w.WriteNumber("leads", t.Leads);
            Number(w, "share", s.ScoredLeads == 0 ? null : t.Leads / (double)s.ScoredLeads);
            w.WriteNumber("mql", t.Mql);
            w.WriteNumber("sql", t.Sql);
        });
        w.WriteEndObject();

        w.WriteStartObject("conversion");
        Conversion(w, "by_tier", s.ConversionByTier);
        Conversion(w, "by_band", s.ConversionByBand);
        if (s.BandsNote is { } note)
        {
            w.WriteString("bands_note", note);
        }

        Number(w, "auc", s.Auc);
        Array(w, "wins_in_top", s.WinsInTop, t =>
        {
            w.WriteNumber("top", t.Top);
            Number(w, "share_of_wins", t.ShareOfWins);
        });
        w.WriteNumber("deals_without_prior_score", s.DealsWithoutPriorScore);
        w.WriteNumber("deals_never_scored", s.DealsNeverScored);
        if (s.LargestTie is { } tie)
        {
            w.WriteStartObject("largest_tie");
            w.WriteNumber("score", tie.Score);
            w.WriteNumber("leads", tie.Leads);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("largest_tie");
        }

        w.WriteEndObject();

        Array(w, "acceptance", s.Dispositions, d =>
        {
            w.WriteString("tier", d.Tier);
            w.WriteNumber("accepted", d.Accepted);
            w.WriteNumber("rejected", d.Rejected);
            Number(w, "acceptance_rate", d.AcceptanceRate);
            Number(w, "false_positive_rate", d.FalsePositiveRate);
            w.WriteBoolean("small_sample", CouncilReport.IsSmall(d.Total));
            Array(w, "top_rejection_reasons", d.TopRejectionReasons, r =>
            {
                w.WriteString("reason", r.Reason);
                w.WriteNumber("count", r.Count);
            });
        });

        Array(w, "sla", report.Sla, b =>
        {
            w.WriteString("dimension", b.Dimension);
            Array(w, "rows", b.Rows, r =>
            {
                w.WriteString("group", r.Tier);
                w.WriteNumber("tasks", r.Tasks);
                w.WriteNumber("worked_in_time", r.WorkedInTime);
                w.WriteNumber("worked_late", r.WorkedLate);
                w.WriteNumber("breached", r.Breached);
                w.WriteNumber("open_in_time", r.OpenInTime);
                Number(w, "compliance", r.Compliance);
                w.WriteBoolean("small_sample", CouncilReport.IsSmall(r.Tasks - r.OpenInTime));
            });
        });

        Deliveries(w, report.Deliveries);
        Funnel(w, report.Funnel);
        Drift(w, report.Drift);
        w.WriteEndObject();
    }

    private static void Conversion(Utf8JsonWriter w, string name, IReadOnlyList<ConversionRow> rows) => Array(w, name, rows, r =>
    {
        w.WriteString("group", r.Group);
        w.WriteNumber("leads", r.Leads);
        w.WriteNumber("opportunities", r.Opportunities);
        w.WriteNumber("won", r.Won);
        w.WriteNumber("lost", r.Closed - r.Won);
        Number(w, "win_rate", r.WinRate);
        w.WriteNumber("conversion", r.Conversion);
        Number(w, "lift", r.Lift);
        w.WriteBoolean("small_sample", CouncilReport.IsSmall(r.Leads));
    });

    private static void Funnel(Utf8JsonWriter w, FunnelReport f)
    {
        w.WriteStartObject("funnel");
        w.WriteNumber("transitions", f.Transitions);
        w.WriteNumber("lost", f.Lost);
        w.WriteNumber("recycled_leads", f.RecycledLeads);
        w.WriteNumber("recycled_came_back", f.RecycledCameBack);
        Array(w, "stages", f.Stages, r =>
        {
            w.WriteString("stage", r.Stage);
            w.WriteNumber("reached", r.Reached);
            Number(w, "conversion_to_next", r.ConversionToNext);
            Number(w, "median_days_in_stage", r.MedianDaysInStage);
            w.WriteNumber("moved_on", r.MovedOn);
        });
        Segments(w, "by_cohort", "cohort", f.ByCohort);
        Segments(w, "by_tier", "tier", f.ByTier);
        w.WriteEndObject();
    }

    private static void Segments(Utf8JsonWriter w, string name, string label, IReadOnlyList<FunnelSegment> segments) => Array(w, name, segments, c =>
    {
        w.WriteString(label, c.Name);
        w.WriteStartObject("reached");
        for (var i = 0; i < LifecycleStage.Funnel.Count; i++)
        {
            w.WriteNumber(LifecycleStage.Funnel[i], c.Reached[i]);
        }

        w.WriteEndObject();
        w.WriteBoolean("small_sample", CouncilReport.IsSmall(c.Reached[0]));
    });

    private static void Drift(Utf8JsonWriter w, CouncilDrift d)
    {
        w.WriteStartObject("drift");
        Array(w, "cohorts", d.Cohorts, c =>
        {
            w.WriteString("month", c.Month);
            w.WriteNumber("leads", c.Leads);
            w.WriteNumber("won", c.Won);
            w.WriteNumber("lost", c.Lost);
            Number(w, "auc", c.Auc);
            if (c.TopTier is null)
            {
                w.WriteNull("top_tier");
            }
            else
            {
                w.WriteString("top_tier", c.TopTier);
            }

            w.WriteNumber("top_tier_leads", c.TopTierLeads);
            Number(w, "top_tier_lift", c.TopTierLift);
            w.WriteBoolean("small_sample", c.SmallSample);
        });
        w.WriteStartObject("distribution");
        w.WriteNumber("last_month_scored", d.LastMonthScored);
        w.WriteNumber("this_month_scored", d.ThisMonthScored);
        Array(w, "bins", d.Distribution, b =>
        {
            w.WriteString("band", b.Band);
            w.WriteNumber("last_month", b.LastMonth);
            w.WriteNumber("this_month", b.ThisMonth);
        });
        w.WriteEndObject();
        Array(w, "rules", d.Rules, r =>
        {
            w.WriteString("rule", r.Rule);
            w.WriteNumber("last_month_leads", r.LastMonthLeads);
            Number(w, "last_month_rate", r.LastMonthRate);
            w.WriteNumber("this_month_leads", r.ThisMonthLeads);
            Number(w, "this_month_rate", r.ThisMonthRate);
            Number(w, "change", r.Change);
        });
        w.WriteStartObject("signals");
        w.WriteNumber("last_month_days", d.LastMonthDays);
        w.WriteNumber("this_month_days", d.ThisMonthDays);
        Array(w, "rows", d.Signals, r =>
        {
            w.WriteString("type", r.Type);
            w.WriteNumber("last_month", r.LastMonth);
            w.WriteNumber("this_month", r.ThisMonth);
            Number(w, "change_per_day", r.ChangePerDay);
        });
        w.WriteEndObject();
        Array(w, "versions", d.Versions, v =>
        {
            w.WriteString("version", v.Version);
            w.WriteString("hash", v.Hash);
            w.WriteString("live_at", v.LiveAt);
            w.WriteString("source", v.Source);
            Strings(w, "changes", v.Changes);
            Strings(w, "changelog", v.Changelog);
        });
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void Array<T>(Utf8JsonWriter w, string name, IEnumerable<T> items, Action<T> write)
    {
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            write(item);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Beside the SLA rows: webhook deliveries of the period by state and event kind (an empty log writes zeros and no kinds).</summary>
    private static void Deliveries(Utf8JsonWriter w, Webhooks.DeliveryCounts? counts)
    {
        if (counts is null)
        {
            return;
        }

        void States(Webhooks.DeliveryCountRow r)
        {
            w.WriteNumber("delivered", r.Delivered);
            w.WriteNumber("retrying", r.Retrying);
            w.WriteNumber("queued", r.Queued);
            w.WriteNumber("dead_letter", r.DeadLetter);
        }

        w.WriteStartObject("webhook_deliveries");
        w.WriteString("from", Timestamps.Format(counts.From));
        w.WriteString("to", Timestamps.Format(counts.To));
        w.WriteNumber("total", counts.Total);
        w.WriteStartObject("by_state");
        States(counts.All);
        w.WriteEndObject();
        Array(w, "by_event", counts.ByEvent, r =>
        {
            w.WriteString("event", r.EventType);
            States(r);
            w.WriteNumber("total", r.Total);
        });
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
