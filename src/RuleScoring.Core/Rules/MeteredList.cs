using System.Collections;

namespace RuleScoring.Core.Rules;

/// <summary>
/// A collection a rule can walk (signals, tech stack, list entries) that charges each element it
/// hands out to the <see cref="EvaluationBudget"/>. Not an <see cref="IList{T}"/> on purpose: LINQ
/// then walks it through this enumerator rather than indexing the array behind it.
/// </summary>
internal sealed class MeteredList<T>(T[] items) : IReadOnlyList<T>
{
    public int Count => items.Length;

    public T this[int index]
    {
        get
        {
            EvaluationBudget.Charge();
            return items[index];
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        foreach (var item in items)
        {
            EvaluationBudget.Charge();
            yield return item;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
