using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Cli.Scoring;

/// <summary>
/// The rules for a command (the scorer for score and rescore, the rule set for report and export):
/// a rules folder that does not load is told once, the same way.
/// </summary>
internal static class ScorerLoading
{
    /// <returns>The rule set, or null after writing why to <paramref name="error"/> (the command then exits with an input error).</returns>
    public static RuleSet? TryLoad(string rulesDir, TextWriter error)
    {
        try
        {
            return RuleSetLoader.Load(rulesDir);
        }
        catch (RuleSetException ex)
        {
            error.WriteLine(ex.Message);
            return null;
        }
    }

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
