using RuleScoring.Core.Csv;

namespace RuleScoring.Storage.Import;

/// <summary>A row parsed into what its kind stores, with the record it came from (its line, its text for the rejects file).</summary>
internal sealed record ImportRow<TRow>(SourceRecord Source, TRow Row)
{
    public long Line => Source.Line;
}
