using System.Globalization;
using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Routing;
using RuleScoring.Storage.Sla;

namespace RuleScoring.Cli.Scoring;

/// <summary>explain's routing lines: who works the lead and why, the play, and every step with its time (routing, SLA, escalation).</summary>
internal static class RouteWriter
{
    public static void Write(TextWriter o, LeadRoute? route, IReadOnlyList<RouteStep> steps, IReadOnlyList<SlaTask> tasks)
    {
        if (route is null)
        {
            return;
        }

        o.WriteLine();
        var owner = route.Owner ?? "nobody yet";
        o.WriteLine($"routing: {route.Queue}, {owner} ({route.Status}) since {Timestamps.Format(route.RoutedAt)}: {route.Why}");
        if (route.Error is { } error)
        {
            o.WriteLine($"  routing error: {error}");
        }

        if (route.Play is { } play)
        {
            using var doc = JsonDocument.Parse(play);
            var p = doc.RootElement;
            string? Text(string name) => p.TryGetProperty(name, out var v) ? v.GetString() : null;
            var because = Text("reason") is { } reason ? $" (strongest reason {reason})" : " (the tier's default)";
            o.WriteLine($"play: {Text("name")}{because}");
            o.WriteLine($"  say: {Text("talkTrack")}");
            if (Text("content") is { } content)
            {
                o.WriteLine($"  send: {content}");
            }

            if (Text("sequence") is { } sequence)
            {
                o.WriteLine($"  sequence: {sequence}");
            }
        }

        // One timeline: routing steps and the SLA task events between them.
        var events = steps.Select(s => (At: s.At, Order: 0, Line: $"{s.Kind,-10}  {s.Queue,-10}  {s.Owner ?? "-",-15}  {s.Why}")).ToList();
        foreach (var t in tasks)
        {
            events.Add((t.OpenedAt, 1, $"{"sla",-10}  tier {t.Tier,-5}  due {Due(t)}"));
            if (t.BreachedAt is { } breached)
            {
                events.Add((breached, 1, $"{"breached",-10}  tier {t.Tier,-5}  not worked by {Timestamps.Format(t.DueAt)}"));
            }

            if (t.WorkedAt is { } worked)
            {
                events.Add((worked, 1, $"{"worked",-10}  tier {t.Tier,-5}  by {t.WorkedBy}"));
            }
        }

        o.WriteLine("timeline:");
        foreach (var e in events.OrderBy(e => e.At).ThenBy(e => e.Order))
        {
            o.WriteLine($"  {Timestamps.Format(e.At),-20}  {e.Line}");
        }
    }

    /// <summary>A business-hours due time in the rep's own zone (the hours it was counted in), with the clock that counted it.</summary>
    internal static string Due(SlaTask task)
    {
        var utc = Timestamps.Format(task.DueAt);
        if (task.ClockZone is { } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz))
        {
            var local = TimeZoneInfo.ConvertTime(task.DueAt, tz).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            return $"{local} {zone} ({task.Clock}; {utc})";
        }

        return task.Clock is { } clock ? $"{utc} ({clock})" : utc;
    }
}
