using System.Text;
using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Output;
using RuleScoring.Replay.Data;
using RuleScoring.Replay.Metrics;
using RuleScoring.Replay.Routing;

namespace RuleScoring.Replay.Reports;

/// <summary>report.md: short enough for a pull-request comment, the verdict first.</summary>
internal static class MarkdownReport
{
    public static string Write(ReplayReport r)
    {
        var md = new StringBuilder();
        md.AppendLine($"## Replay: {Side(r.Base)} vs {Side(r.Head)}");
        md.AppendLine();
        md.AppendLine(Verdict.Of(r));
        if (RoutingHeadline(r) is { } routingHeadline)
        {
            md.AppendLine();
            md.AppendLine(routingHeadline);
        }

        if (r.GateFailures.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("**Gate failed:** " + string.Join("; ", r.GateFailures.Select(MarkdownText.Text)));
        }

        if (r.HeadRuleTestFailures.Count > 0)
        {
            md.AppendLine();
            md.AppendLine($"**Head fails its own rule tests** ({r.HeadRuleTestFailures.Count}; replayed anyway with --ignore-rule-tests): " + string.Join("; ", r.HeadRuleTestFailures.Select(MarkdownText.Text)));
        }

        md.AppendLine();
        md.AppendLine(r.Level == ReplayLevel.Account
            ? $"{Format.Count(r.Deals)} accounts with a closed deal ({Format.Count(r.Won)} won, base rate {Format.Percent(r.BaseRate)}), each at its first closed deal, {r.AsOf}, "
                + $"scored from every contact known then{(r.Period is null ? "" : ", " + r.Period)}; {Format.Count(r.SignalsLeftOut)} signals at or after the deal's point left out; {LeftOut(r)}; "
                + $"{Format.Count(r.NoAccount)} leads with a closed deal in no account (free mail or no domain) and {Format.Count(r.OpenOrNoDeal)} accounts without a closed deal not replayed. Data: {MarkdownText.Code(r.Data)}."
            : $"{Format.Count(r.Deals)} closed deals ({Format.Count(r.Won)} won, base rate {Format.Percent(r.BaseRate)}), {r.AsOf}{(r.Period is null ? "" : ", " + r.Period)}; "
                + $"{Format.Count(r.SignalsLeftOut)} signals at or after their deal's point left out; {LeftOut(r)}; "
                + $"{Format.Count(r.OpenOrNoDeal)} leads without a closed deal not replayed. Data: {MarkdownText.Code(r.Data)}.");
        if (Ties(r) is { } ties)
        {
            md.AppendLine();
            md.AppendLine(ties);
        }

        md.AppendLine();
        md.AppendLine("| metric | base | head | change |");
        md.AppendLine("| --- | ---: | ---: | ---: |");
        md.AppendLine($"| AUC won vs lost (95 % CI) | {Format.Auc(r.Base.Auc)} ({Format.Auc(r.Base.AucLow)}-{Format.Auc(r.Base.AucHigh)}) | {Format.Auc(r.Head.Auc)} ({Format.Auc(r.Head.AucLow)}-{Format.Auc(r.Head.AucHigh)}) | {Format.Signed(r.Head.Auc - r.Base.Auc)} |");
        md.AppendLine($"| top tier lift ({MarkdownText.Text(r.Base.TopTier)} / {MarkdownText.Text(r.Head.TopTier)}) | {Format.Lift(r.Base.TopTierLift)} | {Format.Lift(r.Head.TopTierLift)} | {Format.Signed(r.Head.TopTierLift - r.Base.TopTierLift, "+0.00;-0.00;0")} |");
        for (var i = 0; i < r.Base.TopShares.Count; i++)
        {
            md.AppendLine($"| wins held by the top {r.Base.TopShares[i].Fraction * 100:0} % | {Format.Percent(r.Base.TopShares[i].ShareOfWins)} | {Format.Percent(r.Head.TopShares[i].ShareOfWins)} | {Format.Signed((r.Head.TopShares[i].ShareOfWins - r.Base.TopShares[i].ShareOfWins) * 100, "+0.0;-0.0;0")} pt |");
        }

        md.AppendLine($"| mean {r.ScoreName} won / lost | {Format.Number(r.Base.MeanWon)} / {Format.Number(r.Base.MeanLost)} | {Format.Number(r.Head.MeanWon)} / {Format.Number(r.Head.MeanLost)} | |");
        md.AppendLine($"| last {r.Base.RecentN} won / lost, mean {r.ScoreName} | {Format.Number(r.Base.RecentMeanWon ?? 0)} / {Format.Number(r.Base.RecentMeanLost ?? 0)} | {Format.Number(r.Head.RecentMeanWon ?? 0)} / {Format.Number(r.Head.RecentMeanLost ?? 0)} | |");
        if (r.Level == ReplayLevel.Lead)
        {
            // MQL and SQL are lead stages: account tiers carry no such flag.
            md.AppendLine($"| MQL volume (sales capacity) | {Format.Count(r.Base.Mql)} | {Format.Count(r.Head.Mql)} | {Format.Change(r.Base.Mql, r.Head.Mql)} |");
            md.AppendLine($"| SQL volume | {Format.Count(r.Base.Sql)} | {Format.Count(r.Head.Sql)} | {Format.Change(r.Base.Sql, r.Head.Sql)} |");
        }

        md.AppendLine();

        md.AppendLine("**Conversion by tier** (win rate, lift over the base rate)");
        md.AppendLine();
        Conversion(md, "tier", r.Base.ByTier, r.Head.ByTier);
        md.AppendLine($"**Conversion by {r.ScoreName} band**{(r.BandsNote is { } note ? $" ({note})" : "")}");
        md.AppendLine();
        Conversion(md, "band", r.Base.ByBand, r.Head.ByBand);

        md.AppendLine("**Tier migration** (rows: base, columns: head; deals and their win rate)");
        md.AppendLine();
        md.AppendLine("| base \\ head | " + string.Join(" | ", r.TierOrder.Select(MarkdownText.Text)) + " |");
        md.AppendLine("| --- |" + string.Concat(r.TierOrder.Select(_ => " ---: |")));
        foreach (var from in r.TierOrder)
        {
            var cells = r.TierOrder.Select(to => r.Migration.FirstOrDefault(m => m.BaseTier == from && m.HeadTier == to) is { } m
                ? $"{(from == to ? Format.Count(m.Deals) : $"**{Format.Count(m.Deals)}**")} ({Format.Percent(m.Won / (double)m.Deals)})"
                : "");
            md.AppendLine($"| {MarkdownText.Text(from)} | " + string.Join(" | ", cells) + " |");
        }

        md.AppendLine();
        var changedRules = r.Head.Rules.Select(h => (Head: h, Base: r.Base.Rules.FirstOrDefault(b => b.Rule == h.Rule)))
            .Where(x => x.Base is null || x.Base.Fired != x.Head.Fired || x.Base.Points != x.Head.Points)
            .Select(x => x.Head.Rule)
            .Concat(r.Base.Rules.Where(b => r.Head.Rules.All(h => h.Rule != b.Rule)).Select(b => b.Rule))
            .ToList();
        if (changedRules.Count > 0)
        {
            md.AppendLine("**Rules that changed** (fire rate, win rate when fired, lift, phi)");
            md.AppendLine();
            md.AppendLine("| rule | points | fired | win rate fired / not | lift | phi |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var rule in changedRules)
            {
                var b = r.Base.Rules.FirstOrDefault(x => x.Rule == rule);
                var h = r.Head.Rules.FirstOrDefault(x => x.Rule == rule);
                md.AppendLine($"| {MarkdownText.Text(rule)} | {b?.Points.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} -> {h?.Points.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} | {Format.Percent(b?.FireRate)} -> {Format.Percent(h?.FireRate)} | {Format.Percent((h ?? b)!.WinRateFired)} / {Format.Percent((h ?? b)!.WinRateNotFired)} | {Format.Lift((h ?? b)!.Lift)} | {Format.Signed((h ?? b)!.Phi, "+0.00;-0.00;0")} |");
            }

            md.AppendLine();
        }

        if (r.Head.NeverFired.Count > 0)
        {
            md.AppendLine($"**Never fired under head** ({r.Head.NeverFired.Count}): {string.Join(", ", r.Head.NeverFired.Select(MarkdownText.Text))}");
            md.AppendLine();
        }

        if (r.Head.ErrorsByRule.Count > 0 || r.Base.ErrorsByRule.Count > 0)
        {
            md.AppendLine("**Rule errors** (cards): base " + Errors(r.Base) + "; head " + Errors(r.Head));
            md.AppendLine();
        }

        if (r.BiggestMovers.Count > 0)
        {
            md.AppendLine("**Biggest movers**");
            md.AppendLine();
            md.AppendLine($"| {r.Unit} | outcome | base | head | what moved |");
            md.AppendLine("| --- | --- | ---: | ---: | --- |");
            foreach (var m in r.BiggestMovers)
            {
                md.AppendLine($"| {MarkdownText.Text(m.Id)} | {(m.Won ? "won" : "lost")} | {Format.Number((double)m.BaseScore)} {MarkdownText.Text(m.BaseTier)} | {Format.Number((double)m.HeadScore)} {MarkdownText.Text(m.HeadTier)} | {MarkdownText.Text(string.Join("; ", m.ReasonChanges))} |");
            }

            md.AppendLine();
        }

        if (r.Segments.Count > 0)
        {
            md.AppendLine($"**By {MarkdownText.Text(r.SegmentColumn)}**");
            md.AppendLine();
            md.AppendLine("| segment | deals | won | AUC base | AUC head | top tier lift base | head |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var s in r.Segments)
            {
                md.AppendLine($"| {MarkdownText.Text(s.Segment)} | {Format.Count(s.Deals)} | {Format.Count(s.Won)} | {Format.Auc(s.BaseAuc)} | {Format.Auc(s.HeadAuc)} | {Format.Lift(s.BaseTopTierLift)} | {Format.Lift(s.HeadTopTierLift)} |");
            }

            md.AppendLine();
        }

        if (r.Routing is { } routing)
        {
            Routing(md, routing);
        }

        md.AppendLine($"Full per-rule table, charts and every {r.Unit}'s two scores: report.html, report.json, {LeadsCsv.FileName(r.Level)}.");
        return md.ToString();
    }

    /// <summary>"2 deals left out: 1 closed before it was created, 1 ...", and how many were scored as of their lead's creation.</summary>
    internal static string LeftOut(ReplayReport r)
    {
        var total = r.LeftOut.Sum(l => l.Deals);
        var text = total == 0 ? "no closed deal left out"
            : $"**{Format.Count(total)} {(r.Level == ReplayLevel.Account ? "accounts' first deals" : "deals")} left out**: "
                + string.Join(", ", r.LeftOut.Select(l => $"{Format.Count(l.Deals)} {l.Reason}"));
        return r.AsOfFromLeadCreation == 0 ? text
            : text + $"; {Format.Count(r.AsOfFromLeadCreation)} scored as of their lead's creation (the deal has no creation date)";
    }

    /// <summary>A warning when many deals share one score: ranked metrics then say little inside that group.</summary>
    internal static string? Ties(ReplayReport r)
    {
        var large = new[] { r.Base, r.Head }.Where(v => v.LargestTie is { IsLarge: true }).ToList();
        return large.Count == 0 ? null
            : "**Ties:** " + string.Join("; ", large.Select(v => $"{Format.Percent(v.LargestTie!.Share)} of {r.Unit}s share one {r.ScoreName} ({Format.Number((double)v.LargestTie.Score)}) under {v.Side}"))
                + ". Ranked metrics treat them as tied: a top-k share takes a tied group's wins in proportion, the lift curve runs straight across it, AUC counts a tied pair as half.";
    }

    /// <summary>The routing load: a sentence per queue head takes over capacity, leads a week per queue and the busiest reps, base against head.</summary>
    internal static void Routing(StringBuilder md, RoutingLoadReport routing)
    {
        if (routing.Empty is { } empty)
        {
            md.AppendLine($"**Routing load**: {MarkdownText.Text(empty)}.");
            md.AppendLine();
            return;
        }

        md.AppendLine($"**Routing load** (the replayed deals' leads that reached a routed tier, routed in point-in-time order as the worker would; "
            + "leads without a closed deal are not replayed, so live load is higher. "
            + $"Weeks are ISO weeks of each deal's point, {routing.FirstWeek} to {routing.LastWeek}, {routing.Weeks} weeks; a queue counts what its rules sent it, a rep what they were given)");
        md.AppendLine();
        if (routing.MissingSide is { } missing)
        {
            md.AppendLine($"**{MarkdownText.Text(missing)}.**");
            md.AppendLine();
        }

        foreach (var sentence in routing.OverCapacity.Select(MarkdownText.Text).Prepend(routing.MovesText(MarkdownText.Text)).OfType<string>())
        {
            md.AppendLine($"- {sentence}");
        }

        if (routing.OverCapacity.Count > 0 || routing.MovesSentence is not null)
        {
            md.AppendLine();
        }

        md.AppendLine("| queue | base a week: mean / peak | head a week: mean / peak | change | capacity a week |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var q in routing.Queues)
        {
            md.AppendLine($"| {MarkdownText.Text(q.Queue)} | {Weekly(q.Base)} | {Weekly(q.Head)} | {(q.Change is { } c ? (c > 0 ? "+" : "") + RoutingLoadBuilder.Number(c) : "-")} | {Capacity(q.Base, q.Head)} |");
        }

        md.AppendLine();
        foreach (var v in new[] { routing.Base, routing.Head }.OfType<VersionRouting>())
        {
            md.AppendLine($"{v.Side}: {Format.Count(v.Routed)} leads routed (tiers {MarkdownText.Text(string.Join(", ", v.RoutedTiers))}); "
                + $"to the fallback queue {MarkdownText.Text(v.FallbackQueue)} {Format.Count(v.NoRuleMatched)} as no rule matched, {Format.Count(v.RuleFailed)} as a rule failed"
                + (v.FirstError is { } error ? $" (first: {MarkdownText.Text(error)})" : "")
                + $"; {Format.Count(v.PassedOn)} passed on to a fallback queue (nobody in theirs could take them then), {Format.Count(v.Held)} held, {Format.Count(v.Escalated)} escalated.");
            md.AppendLine();
        }

        if (routing.Reps.Count > 0)
        {
            md.AppendLine($"| rep ({(routing.Head is null ? "base" : "head")}'s busiest against capacity) | base a week: mean / peak | head a week: mean / peak | capacity a week |");
            md.AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var rep in routing.Reps)
            {
                md.AppendLine($"| {MarkdownText.Text(rep.Name)} ({MarkdownText.Text(rep.Member)}) | {Weekly(rep.Base)} | {Weekly(rep.Head)} | {Capacity(rep.Base, rep.Head)} |");
            }

            md.AppendLine();
        }
    }

    /// <summary>"**Routing:** 387 routed leads go to another queue under head: ...; head routes 8.4 more a week to sdr_emea ..." when routing moved or overflows; null otherwise.</summary>
    internal static string? RoutingHeadline(ReplayReport r)
    {
        var parts = new[] { r.Routing?.MovesText(MarkdownText.Text) }.Concat((r.Routing?.OverCapacity ?? []).Select(MarkdownText.Text)).OfType<string>().ToList();
        return parts.Count == 0 ? null : "**Routing:** " + string.Join("; ", parts) + ".";
    }

    private static string Weekly(WeeklyLoad? w) => w is null ? "-" : w.Leads == 0 ? "0"
        : $"{RoutingLoadBuilder.Number(w.Mean)} / {RoutingLoadBuilder.Number(w.Peak)} ({w.PeakWeek}){(w.WeeksOverCapacity > 0 ? $", over in {w.WeeksOverCapacity}" : "")}";

    private static string Capacity(WeeklyLoad? @base, WeeklyLoad? head) => (@base, head) switch
    {
        (null, null) => "-",
        ({ } b, { } h) when Math.Abs(b.MeanCapacity - h.MeanCapacity) > 0.05 => $"{RoutingLoadBuilder.Number(b.MeanCapacity)} -> {RoutingLoadBuilder.Number(h.MeanCapacity)}",
        _ => RoutingLoadBuilder.Number((head ?? @base)!.MeanCapacity),
    };

    private static string Side(VersionMetrics v) => $"{v.Side} {MarkdownText.Code(v.RulesVersion)} ({MarkdownText.Text(v.RulesHash)}, {MarkdownText.Text(v.Source)})";

    private static string Errors(VersionMetrics v) => v.ErrorsByRule.Count == 0 ? "none" : string.Join(", ", v.ErrorsByRule.Select(e => $"{MarkdownText.Text(e.Key)} x{e.Value}"));

    private static void Conversion(StringBuilder md, string label, IReadOnlyList<ConversionRow> @base, IReadOnlyList<ConversionRow> head)
    {
        md.AppendLine($"| {label} | deals base | win rate | lift | deals head | win rate | lift |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var b in @base)
        {
            var h = head.First(x => x.Group == b.Group);
            if (b.Leads == 0 && h.Leads == 0)
            {
                continue;
            }

            md.AppendLine($"| {MarkdownText.Text(b.Group)} | {Format.Count(b.Leads)} | {Format.Percent(b.Conversion)} | {Format.Lift(b.Lift)} | {Format.Count(h.Leads)} | {Format.Percent(h.Conversion)} | {Format.Lift(h.Lift)} |");
        }

        md.AppendLine();
    }
}
