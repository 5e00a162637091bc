using System.Globalization;
using System.Text;
using Dapper;
using System.Data.Common;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Csv;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;
using RuleScoring.Storage.Outcomes;

namespace RuleScoring.Storage.Import;

/// <summary>
/// Streams a leads, signals, deals or dispositions file (CSV or JSON lines) into the database in
/// batches, one transaction each. A bad row is reported with its line and reason and the import
/// goes on; a row is written whole or not at all; importing the same file again changes nothing.
/// </summary>
public sealed class Importer(ScoreDatabase db)
{
    private const int MaxRejectedRecordChars = 4096;
    private const int ProgressEvery = 1024;

    /// <param name="onReject">Called for each rejected row, in line order within each batch.</param>
    /// <param name="onProgress">Called every thousand or so rows; throttle output yourself.</param>
    /// <exception cref="ImportException">The file cannot be imported (missing, no header, a required column absent), or the database failed.</exception>
    public ImportResult Import(string path, ImportOptions options, Action<RejectedRow>? onReject = null, Action<ImportCounts>? onProgress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new ImportException($"{path}: no such file");
        }

        var format = options.Format != ImportFormat.Auto ? options.Format
            : Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson" or ".json" ? ImportFormat.Jsonl
            : ImportFormat.Csv;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            // UTF-16 (a byte order mark says so) reads as before; anything else is UTF-8 whose
            // invalid bytes are marked, to reject their record rather than replace them in silence.
            Span<byte> bom = stackalloc byte[2];
            var utf16 = stream.ReadAtLeast(bom, 2, throwOnEndOfStream: false) == 2 && bom[0] + bom[1] == 0xFF + 0xFE && bom[0] != bom[1];
            stream.Position = 0;
            using var reader = utf16
                ? new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16)
                : new StreamReader(stream, InvalidUtf8.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            return Import(reader, path, options with { Format = format }, onReject, onProgress);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"{path}: cannot read: {ex.Message}", null, ex);
        }
    }

    /// <param name="source">The file name (or "standard input") used in messages and the imports log.</param>
    public ImportResult Import(TextReader reader, string source, ImportOptions options, Action<RejectedRow>? onReject = null, Action<ImportCounts>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        if (options.Mapping?.Kind is { } mappedKind && mappedKind != options.Kind)
        {
            throw new ImportException($"{options.Mapping.Source} is a mapping for {Name(mappedKind)}, not {Name(options.Kind)}");
        }

        var run = new Run(db, reader, source, options, onReject, onProgress);
        return run.Execute();
    }

    private static string Name(ImportKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The state of one import; lives as long as the call.</summary>
    private sealed class Run(ScoreDatabase db, TextReader reader, string source, ImportOptions options, Action<RejectedRow>? onReject, Action<ImportCounts>? onProgress)
    {
        private readonly List<Pending> _pending = new(options.BatchSize);
        private readonly List<RejectedRow> _rejects = [];
        private readonly long _started = db.Time.GetTimestamp();
        private readonly DateTimeOffset _now = db.Time.GetUtcNow();
        private long _read;
        private long _inserted;
        private long _updated;
        private long _duplicate;
        private long _rejected;
        private long _importId;
        private Dictionary<string, List<string>>? _leadsByDomain;
        private long _domainRows;
        private long _domainSignals;
        private long _domainRowsWithoutLeads;
        private readonly HashSet<string> _domainsMatched = new(StringComparer.Ordinal);
        private readonly HashSet<string> _domainsWithoutLeads = new(StringComparer.Ordinal);
        private readonly HashSet<string> _leadsReached = new(StringComparer.Ordinal);
        private readonly ImportOddities _oddities = new();
        private IReadOnlyList<string>? _columns;
        private int _reasonIndex = -1;

        public ImportResult Execute()
        {
            var mapper = new RowMapper(options.Kind, options.Mapping, source);
            Func<SourceRecord?> next;
            if (options.Format == ImportFormat.Jsonl)
            {
                next = new JsonlRecordReader(reader).Read;
            }
            else
            {
                var csv = new CsvRecordReader(reader, options.Delimiter);
                var header = csv.Read() ?? throw new ImportException(
                    $"{source}: the file is empty; a CSV needs a header row naming its columns ({string.Join(", ", ImportContract.Required(options.Kind))}, ...)");
                mapper.SetHeader(header);
                _reasonIndex = header.Values.ToList().FindIndex(v => v.Trim().Equals(RejectedRow.ReasonColumn, StringComparison.OrdinalIgnoreCase));
                _columns = Without(header.Values);
                next = csv.Read;
            }

            try
            {
                _importId = db.Connection.ExecuteScalar<long>(
                    "INSERT INTO imports (kind, source, started_at) VALUES (@Kind, @Source, @Now) RETURNING id",
                    new { Kind = Name(options.Kind), Source = source, Now = _now });
            }
            catch (DbException ex)
            {
                // The first write of an import: a read-only or full database stops it here, before any row.
                throw new ImportException(StoreFailure.Describe(db.Path, ex, $"nothing from {source} was stored"), Counts(), ex);
            }

            while (next() is { } record)
            {
                _read++;
                var error = Unreadable(record);
                var row = error is null ? mapper.Map(record, out error) : null;
                if (row is not null && options.Mapping is { ByDomain: true })
                {
                    (var signal, var domain, error) = RowParser.ParseDomainSignal(row, _now, options.SignalTypes);
                    if (signal is not null)
                    {
                        _pending.Add(new Pending(record, "", signal, domain));
                    }
                }
                else if (row is not null)
                {
                    (var write, var leadId, error) = RowParser.Parse(options.Kind, row, _now, options.SignalTypes);
                    if (write is not null)
                    {
                        _pending.Add(new Pending(record, leadId!, write));
                    }
                }

                if (error is not null)
                {
                    Reject(record, error);
                }

                if (_pending.Count >= options.BatchSize)
                {
                    Flush();
                }

                if (_read % ProgressEvery == 0)
                {
                    onProgress?.Invoke(Counts());
                }
            }

            Flush();
            try
            {
                db.Connection.Execute("UPDATE imports SET finished_at = @Now WHERE id = @Id", new { Now = db.Time.GetUtcNow(), Id = _importId });
            }
            catch (DbException ex)
            {
                throw new ImportException(StoreFailure.Describe(db.Path, ex, $"every row of {source} is stored, only the imports log lacks its finish time"), Counts(), ex);
            }
            var counts = Counts();
            onProgress?.Invoke(counts);
            var notes = new List<string>();
            if (mapper.Dropped.Count > 0)
            {
                notes.Add($"ignored column(s) {string.Join(", ", mapper.Dropped.Select(d => $"\"{d}\""))}" +
                          (ImportContract.KeepsCustomColumns(options.Kind) ? " (as the mapping says)" : $" (not part of the {Name(options.Kind)} contract)"));
            }

            if (options.Mapping is { ByDomain: true })
            {
                var c = CultureInfo.InvariantCulture;
                notes.Add($"{_domainRows.ToString("N0", c)} row(s) of {_domainsMatched.Count.ToString("N0", c)} domain(s) became {_domainSignals.ToString("N0", c)} signal(s) " +
                          $"for {_leadsReached.Count.ToString("N0", c)} lead(s); {_domainRowsWithoutLeads.ToString("N0", c)} row(s) of {_domainsWithoutLeads.Count.ToString("N0", c)} " +
                          "domain(s) without leads are among the rejected, with their lines (inserted and duplicate count signals: a row gives one per lead of its domain)");
            }
            notes.AddRange(_oddities.Notes());
            return new ImportResult(counts, notes);
        }

        /// <summary>Bytes that are not UTF-8, or a NUL: text no CRM means, so the record is rejected rather than stored altered.</summary>
        private static string? Unreadable(SourceRecord record)
        {
            if (record.Raw.Contains(InvalidUtf8.Mark, StringComparison.Ordinal))
            {
                return "bytes that are not UTF-8 (save the file as UTF-8; a Latin-1 or cut multi-byte character?)";
            }

            return record.Raw.Contains('\0', StringComparison.Ordinal) || record.Values.Any(v => v.Contains('\0', StringComparison.Ordinal))
                ? "a NUL byte (\\0) in the record: not text"
                : null;
        }

        private ImportCounts Counts() => new(_read, _inserted, _updated, _duplicate, _rejected, db.Time.GetElapsedTime(_started));

        private void Reject(SourceRecord record, string reason)
        {
            _rejected++;
            var raw = record.Raw;
            IReadOnlyList<string>? values = null;
            if (_columns is not null)
            {
                // A record that is not CSV keeps its text in one cell, and never as many cells as
                // the header, so the rejects file imported unfixed rejects it again.
                values = record.Error is null ? Without(record.Values) : _columns.Count == 1 ? [raw, ""] : [raw];
            }

            _rejects.Add(new RejectedRow(record.Line, reason, raw.Length > MaxRejectedRecordChars ? raw[..MaxRejectedRecordChars] + "…" : raw, _columns, values));
        }

        /// <summary>The fields without the reject_reason column of a rejects file being imported again.</summary>
        private IReadOnlyList<string> Without(IReadOnlyList<string> values) =>
            _reasonIndex < 0 || values.Count != (_columns?.Count ?? values.Count - 1) + 1 ? values : [.. values.Take(_reasonIndex), .. values.Skip(_reasonIndex + 1)];

        private void Flush()
        {
            try
            {
                if (_pending.Count > 0)
                {
                    Write();
                }
            }
            catch (DbException ex)
            {
                var batch = _pending.Count == 0 ? "" : $" lines {_pending[0].Line}-{_pending[^1].Line} of";
                throw new ImportException(
                    StoreFailure.Describe(db.Path, ex, $"the batch of{batch} {source} was rolled back; earlier batches are stored, and importing the file again is safe and carries on where this stopped"),
                    Counts(), ex);
            }
            finally
            {
                _pending.Clear();
                _rejects.Sort((a, b) => a.Line.CompareTo(b.Line));
                foreach (var reject in _rejects)
                {
                    onReject?.Invoke(reject);
                }

                _rejects.Clear();
            }
        }

        private void Write()
        {
            var connection = db.Connection;
            using var transaction = connection.BeginTransaction();
            var rows = _pending;
            if (options.Mapping is { ByDomain: true })
            {
                rows = FanOut(transaction, rows);
            }
            else if (options.Kind != ImportKind.Leads)
            {
                var known = LeadWrites.CreatedAt(db, transaction, rows.Select(p => p.LeadId));
                foreach (var unknown in rows.Where(p => !known.ContainsKey(p.LeadId)))
                {
                    Reject(unknown.Source, $"lead_id \"{unknown.LeadId}\" is not in the database (import the leads first)");
                }

                rows = CheckAgainstStored(transaction, rows.Where(p => known.ContainsKey(p.LeadId)).ToList(), known);
            }
            else
            {
                rows = CheckAgainstStored(transaction, rows, []);
            }

            var counts = options.Kind switch
            {
                ImportKind.Leads => LeadWrites.UpsertLeads(db, transaction, rows.Select(p => (LeadWrite)p.Write).ToList()),
                ImportKind.Signals => LeadWrites.InsertSignals(db, transaction, rows.Select(p => (SignalWrite)p.Write).ToList()),
                ImportKind.Deals => OutcomeWrites.UpsertDeals(db, transaction, rows.Select(p => (DealWrite)p.Write).ToList()),
                ImportKind.Dispositions => OutcomeWrites.UpsertDispositions(db, transaction, rows.Select(p => (DispositionWrite)p.Write).ToList()),
                _ => throw new InvalidOperationException(),
            };

            connection.Execute("""
                UPDATE imports SET read_rows = @Read, inserted = inserted + @Inserted, updated = updated + @Updated,
                                   duplicate = duplicate + @Duplicate, rejected = @Rejected
                WHERE id = @Id
                """, new { Read = _read, counts.Inserted, counts.Updated, counts.Duplicate, Rejected = _rejected, Id = _importId }, transaction);
            transaction.Commit();
            _inserted += counts.Inserted;
            _updated += counts.Updated;
            _duplicate += counts.Duplicate;
        }

        /// <summary>
        /// Checks each row, in line order, against what is stored (and the rows before it):
        /// rejects what cannot be true (a deal closing before it was created, a deal id stored for
        /// another lead) and counts what is odd but plausible in a CRM export as a warning.
        /// </summary>
        private List<Pending> CheckAgainstStored(DbTransaction transaction, List<Pending> rows, Dictionary<string, DateTimeOffset?> leadCreated)
        {
            switch (options.Kind)
            {
                case ImportKind.Leads:
                    var dated = rows.Where(p => ((LeadWrite)p.Write).CreatedAt is not null).ToList();
                    var firstSignals = dated.Count == 0 ? [] : LeadWrites.FirstSignals(db, transaction, dated.Select(p => p.LeadId));
                    foreach (var p in dated.Where(p => firstSignals.TryGetValue(p.LeadId, out var first) && first < ((LeadWrite)p.Write).CreatedAt))
                    {
                        _oddities.Warning(ImportOddities.LeadAfterSignal, p.Line);
                    }

                    return rows;
                case ImportKind.Signals:
                    foreach (var p in rows.Where(p => leadCreated[p.LeadId] is { } created && ((SignalWrite)p.Write).OccurredAt < created))
                    {
                        _oddities.Warning(ImportOddities.SignalBeforeLead, p.Line);
                    }

                    return rows;
                case ImportKind.Dispositions:
                    foreach (var p in rows.Where(p => leadCreated[p.LeadId] is { } created && SqlTimestamp.Parse(((DispositionWrite)p.Write).AtText) < created))
                    {
                        _oddities.Warning(ImportOddities.DispositionBeforeLead, p.Line);
                    }

                    return rows;
                case ImportKind.Deals:
                    return CheckDeals(transaction, rows, leadCreated);
                default:
                    return rows;
            }
        }

        private List<Pending> CheckDeals(DbTransaction transaction, List<Pending> rows, Dictionary<string, DateTimeOffset?> leadCreated)
        {
            var deals = OutcomeWrites.StoredDeals(db, transaction, rows.Select(p => ((DealWrite)p.Write).DealId));
            var firstSignals = LeadWrites.FirstSignals(db, transaction, rows.Select(p => p.LeadId));
            var kept = new List<Pending>(rows.Count);
            foreach (var row in rows)
            {
                var deal = (DealWrite)row.Write;
                var stored = deals.GetValueOrDefault(deal.DealId);
                if (stored is not null && stored.LeadId != deal.LeadId)
                {
                    _oddities.Rejected(ImportOddities.DealOfAnotherLead, row.Line);
                    Reject(row.Source, $"opportunity_id \"{deal.OpportunityId}\" belongs to lead \"{stored.LeadId}\", not \"{deal.LeadId}\": " +
                                     "a deal is never moved between leads (correct the row, or the lead of the stored deal)");
                    continue;
                }

                // A blank cell keeps the stored date (the merge), so the dates to check are the merged ones.
                var createdAt = deal.CreatedAt ?? stored?.CreatedAt;
                var closedAt = deal.ClosedAt ?? stored?.ClosedAt;
                if (closedAt < createdAt)
                {
                    _oddities.Rejected(ImportOddities.ClosedBeforeCreated, row.Line);
                    Reject(row.Source, $"closed_at {Timestamps.Format(closedAt.Value)} is before created_at {Timestamps.Format(createdAt.Value)}" +
                                     $"{(deal.CreatedAt is null ? " (stored)" : deal.ClosedAt is null ? " (closed_at stored)" : "")}: a deal cannot close before it is created");
                    continue;
                }

                deals[deal.DealId] = new StoredDeal(deal.LeadId, createdAt, closedAt);
                if (createdAt is { } created && leadCreated[deal.LeadId] is { } leadCreatedAt && created < leadCreatedAt)
                {
                    _oddities.Warning(ImportOddities.DealBeforeLead, row.Line);
                }

                if (createdAt is { } opened && firstSignals.TryGetValue(deal.LeadId, out var firstSignal) && opened <= firstSignal)
                {
                    _oddities.Warning(ImportOddities.DealAtOrBeforeFirstSignal, row.Line);
                }

                kept.Add(row);
            }

            return kept;
        }

        /// <summary>
        /// One pending signal per lead of each row's domain; a row whose domain has no lead is
        /// rejected with its line (counted, never dropped in silence). A lead belongs to a domain
        /// by its own domain (the <c>domain</c> column, else its email's) or by its account
        /// (lead_accounts, when account rescoring keyed it by that domain).
        /// </summary>
        private List<Pending> FanOut(DbTransaction transaction, List<Pending> rows)
        {
            _leadsByDomain ??= LeadsByDomain(db.Connection, transaction);
            var expanded = new List<Pending>(rows.Count);
            foreach (var row in rows)
            {
                var signal = (SignalWrite)row.Write;
                if (_leadsByDomain.TryGetValue(row.Domain!, out var leads))
                {
                    _domainRows++;
                    _domainSignals += leads.Count;
                    _domainsMatched.Add(row.Domain!);
                    _leadsReached.UnionWith(leads);
                    expanded.AddRange(leads.Select(id => row with { LeadId = id, Write = signal with { LeadId = id } }));
                }
                else
                {
                    _domainRowsWithoutLeads++;
                    _domainsWithoutLeads.Add(row.Domain!);
                    Reject(row.Source, $"domain \"{row.Domain}\" has no leads in the database (no lead has it as domain or email domain): nothing to attach the signal to");
                }
            }

            return expanded;
        }

        private static Dictionary<string, List<string>> LeadsByDomain(DbConnection connection, DbTransaction transaction)
        {
            var byDomain = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            void Add(string domain, string leadId)
            {
                if (domain.Length == 0)
                {
                    return;
                }

                if (!byDomain.TryGetValue(domain, out var list))
                {
                    byDomain[domain] = list = [];
                }

                if (list.Count == 0 || list[^1] != leadId)
                {
                    list.Add(leadId);
                }
            }

            foreach (var (leadId, attributes) in connection.Query<(string, string)>("SELECT lead_id, attributes FROM leads ORDER BY lead_id", transaction: transaction))
            {
                Add(AccountKey.Domain(new Core.Leads.Lead(leadId, AttributesJson.Read(attributes), [])), leadId);
            }

            foreach (var (leadId, key) in connection.Query<(string, string)>("SELECT lead_id, account_key FROM lead_accounts ORDER BY lead_id", transaction: transaction))
            {
                if (byDomain.TryGetValue(key, out var list) && list.Contains(leadId, StringComparer.Ordinal))
                {
                    continue;
                }

                Add(key, leadId);
            }

            return byDomain;
        }

        private sealed record Pending(SourceRecord Source, string LeadId, object Write, string? Domain = null)
        {
            public long Line => Source.Line;
        }
    }
}
