using System.Threading.Channels;

namespace RuleScoring.Storage.Database;

/// <summary>
/// Work read and computed on a second connection while the caller writes the last piece on its
/// own: the next pieces are produced on another thread (WAL lets it read while this connection
/// writes; PostgreSQL has its own session), at most two ahead. An in-memory SQLite database has
/// no second connection to the same data, so there the pieces are produced in turn.
/// </summary>
internal static class ReadAhead
{
    /// <param name="produce">Reads from the database it is given (not <paramref name="db"/>'s connection) and yields the pieces in order.</param>
    public static IEnumerable<T> Of<T>(ScoreDatabase db, Func<ScoreDatabase, CancellationToken, IEnumerable<T>> produce, CancellationToken cancellationToken = default)
    {
        if (db.Path == ":memory:")
        {
            foreach (var piece in produce(db, cancellationToken))
            {
                yield return piece;
            }

            yield break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<T>(2);
        var producer = Task.Run(async () =>
        {
            try
            {
                using var reader = db.OpenAnother();
                foreach (var piece in produce(reader, stop.Token))
                {
                    await channel.Writer.WriteAsync(piece, stop.Token).ConfigureAwait(false);
                }

                channel.Writer.Complete();
            }
            catch (Exception ex)
            {
                channel.Writer.Complete(ex);
            }
        }, CancellationToken.None);

        try
        {
            while (channel.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
            {
                while (channel.Reader.TryRead(out var piece))
                {
                    yield return piece;
                }
            }
        }
        finally
        {
            // The caller failed or stopped early: let the reader go instead of blocking on a full channel.
            stop.Cancel();
            producer.GetAwaiter().GetResult();
        }
    }
}
