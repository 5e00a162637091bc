using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Cli.Scoring;

/// <summary>The scorer for the commands that score (score, rescore): a rules folder that cannot score is told once, the same way.</summary>
internal static class ScorerLoading
{
    /// <returns>The scorer, or null after writing why to <paramref name="error"/> (the command then exits with an input error).</returns>
    public static LeadScorer? TryCreate(string rulesDir, bool fastCompiler, TextWriter error)
    {
        try
        {
            return new LeadScorer(RuleSetLoader.Load(rulesDir), fastCompiler);
        }
        catch (RuleSetException ex)
        {
            error.WriteLine(ex.Message);
            error.WriteLine("Nothing was scored. Run 'rulescore validate' for details.");
            return null;
        }
    }
}
