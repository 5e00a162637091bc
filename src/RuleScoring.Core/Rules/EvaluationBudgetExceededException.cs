namespace RuleScoring.Core.Rules;

/// <summary>A rule spent its lead's <see cref="EvaluationBudget"/>: recorded as an error on that rule of the card.</summary>
public sealed class EvaluationBudgetExceededException : Exception
{
    public EvaluationBudgetExceededException()
    {
    }

    public EvaluationBudgetExceededException(string message)
        : base(message)
    {
    }

    public EvaluationBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
