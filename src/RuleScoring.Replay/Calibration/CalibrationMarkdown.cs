using System.Globalization;
using System.Text;
using RuleScoring.Core.Output;
using RuleScoring.Replay.Reports;

namespace RuleScoring.Replay.Calibration;

/// <summary>calibration.md: the suggestions a reviewer reads next to the --write diff.</summary>
internal static class CalibrationMarkdown
{
    public static string Write(CalibrationReport r)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Calibration of {MarkdownText.Code(r.RulesVersion)} ({MarkdownText.Text(r.Rules)}) on {Format.Count(r.Deals)} closed deals");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{Format.Count(r.Won)} won (base rate {Format.Percent(r.Deals == 0 ? null : r.Won / (double)r.Deals)}), {r.AsOf}. Data: {MarkdownText.Code(r.Data)}.");
        md.AppendLine();
        if (r.Holdout is { } h)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"**Out of sample by time**: fitted on {Format.Count(h.TrainDeals)} deals up to {h.TrainUntil:yyyy-MM-dd} ({h.TrainFrom:yyyy-MM-dd} to {h.TrainTo:yyyy-MM-dd}); held out {Format.Count(h.HeldDeals)} later deals ({h.HeldFrom:yyyy-MM-dd} to {h.HeldTo:yyyy-MM-dd}, {Format.Count(h.HeldWon)} won). "
                + $"AUC on the held-out deals: current points {Format.Auc(h.CurrentAuc)}, suggested points {Format.Auc(h.SuggestedAuc)}. "
                + $"Replay the same held-out deals with `--from {ReplayFrom(h.TrainUntil)}`.");
            md.AppendLine();
        }

        foreach (var warning in r.Warnings)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Warning**: {MarkdownText.Text(warning)}.");
            md.AppendLine();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"Cross-validation is {r.CrossValidation}.");
        md.AppendLine();
        md.AppendLine("| how well won is told from lost | AUC |");
        md.AppendLine("| --- | ---: |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| this model's composite | {Format.Auc(r.ModelAuc)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| logistic regression on which rules fired (forward-chaining CV): the most these rules can do | {Format.Auc(r.RulesRegressionCvAuc)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| logistic regression on the raw fields, no rules (forward-chaining CV, {r.RawFeatures} features from {r.RawFieldsUsed.Count} fields): a black-box yardstick | {Format.Auc(r.RawFieldsCvAuc)} |");
        md.AppendLine();
        if (r.LeakyFieldsLeftOut.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"The raw-field baseline leaves out {r.LeakyFieldsLeftOut.Count} field(s) model.json declares leaky (written during or after the sales process): {string.Join(", ", r.LeakyFieldsLeftOut.Select(MarkdownText.Text))}. `--include-leaky` keeps them.");
            md.AppendLine();
        }

        md.AppendLine("MadKudu's benchmark: wins held by the top " + string.Join(", ", r.TopShares.Select(t => $"{t.Fraction * 100:0} %: {Format.Percent(t.ShareOfWins)}"))
            + $"; the top fifth converts {Format.Lift(r.TopVsBottomQuintile)} the bottom fifth.");
        md.AppendLine();
        md.AppendLine("**Suggested points** (a weight's sign and size relative to its dimension's largest; rules that fired on too few deals, or missed too few, keep theirs; a sign flip is shown but written only with --allow-sign-flips)");
        md.AppendLine();
        md.AppendLine("| rule | fired | win rate fired / not | lift | phi | points now | suggested | note |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var s in r.Suggestions)
        {
            var st = r.Stats.First(x => x.Rule == s.Rule);
            var suggested = s.Confident && s.SuggestedPoints != s.CurrentPoints ? $"**{s.SuggestedPoints:0.##}**" : s.SuggestedPoints.ToString("0.##", CultureInfo.InvariantCulture);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {MarkdownText.Text(s.Rule)} | {Format.Count(st.Fired)} | {Format.Percent(st.WinRateFired)} / {Format.Percent(st.WinRateNotFired)} | {Format.Lift(st.Lift)} | {Format.Signed(st.Phi, "+0.00;-0.00;0")} | {s.CurrentPoints:0.##} | {suggested} | {MarkdownText.Text(s.Note)} |");
        }

        if (r.Tiers.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("**Tiers with the points --write would write** (the same deals)");
            md.AppendLine();
            md.AppendLine("| tier | deals now | share now | deals suggested | share suggested |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var t in r.Tiers)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {MarkdownText.Text(t.Tier)} | {Format.Count(t.Before)} | {Format.Percent(t.BeforeShare)} | {Format.Count(t.After)} | {Format.Percent(t.AfterShare)} |");
            }
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"**Top-tier cut-offs** up to the capacity of {r.Capacity * 100:0.#} % (composite at or above; equal scores are all in or all out, so the true share can be less than the row's; what each asks of sales)");
        md.AppendLine();
        md.AppendLine("| top share (at most) | composite >= | true share | deals | win rate (precision) | lift | deals / month |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var t in r.Thresholds)
        {
            if (t.Cutoff is { } cutoff)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {t.Share * 100:0.#} % | {cutoff:0.#} | {Format.Percent(t.TrueShare)} | {Format.Count(t.Deals)} | {Format.Percent(t.WinRate)} | {Format.Lift(t.Lift)} | {(t.DealsPerMonth is { } m ? Format.Number(m) : "n/a (no dates)")} |");
            }
            else
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Share * 100:0.#} % | none | 0 % | 0 | n/a | n/a | n/a |");
            }
        }

        var none = r.Thresholds.Where(t => t.Cutoff is null).ToList();
        if (none.Count > 0)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"No cut-off keeps the top tier within {string.Join(", ", none.Select(t => $"{t.Share * 100:0.#} %"))}: the highest score is shared by more deals than that, and a threshold takes all of them or none.");
        }

        Dispositions(md, r.Dispositions);
        return md.ToString();
    }

    private static void Dispositions(StringBuilder md, DispositionSummary d)
    {
        md.AppendLine();
        md.AppendLine("**Sales' verdicts by tier** (each disposition in the tier these rules gave the lead at that moment; false positives = the share sales rejected)");
        md.AppendLine();
        if (d.All is not { } all)
        {
            md.AppendLine("No dispositions in the data: import them (lead_id, status accepted/rejected, at, reason) to see false positives per tier.");
            return;
        }

        md.AppendLine("| tier | dispositions | accepted | rejected | false positives | top rejection reasons |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in d.ByTier.Append(all))
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {(ReferenceEquals(row, all) ? "**all**" : MarkdownText.Text(row.Tier))} | {Format.Count(row.Total)} | {Format.Count(row.Accepted)} | {Format.Count(row.Rejected)} | {Format.Percent(row.FalsePositiveRate)} | {string.Join("; ", row.TopRejectionReasons.Select(x => $"{MarkdownText.Text(x.Reason)} ({Format.Count(x.Count)})"))} |");
        }
    }

    // A bare --train-until date trains on the whole day, so the held-out deals start the next
    // instant: replay --from that day, not the training date, or day D's deals are in both.
    private static string ReplayFrom(DateTimeOffset trainUntil)
    {
        var next = trainUntil.AddTicks(1).ToUniversalTime();
        return next.TimeOfDay == TimeSpan.Zero
            ? next.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : next.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);
    }
}
