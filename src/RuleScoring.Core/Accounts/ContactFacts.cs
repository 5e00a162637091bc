namespace RuleScoring.Core.Accounts;

/// <summary>What model.json's engaged / researching / role expressions see as <c>card</c>: the contact's own score.</summary>
public sealed class ContactFacts
{
    internal ContactFacts(double fit, double intent, double behavior, double composite, string tier, bool disqualified)
    {
        Fit = fit;
        Intent = intent;
        Behavior = behavior;
        Composite = composite;
        Tier = tier;
        Disqualified = disqualified;
    }

    public double Fit { get; }
    public double Intent { get; }
    public double Behavior { get; }
    public double Composite { get; }
    public string Tier { get; }
    public bool Disqualified { get; }
}
