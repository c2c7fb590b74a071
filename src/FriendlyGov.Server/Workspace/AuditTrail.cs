using System.Collections;
using System.Text;
using FriendlyGov.Data;
using FriendlyGov.Data.Bulk;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace FriendlyGov.Server.Workspace;

/// <summary>
/// Writes hand-kept records with their audit entries: what was created, changed or deleted, by
/// whom and when, field by field (old → new), in the same transaction as the change. The records
/// go through the context's save, so every one is checked by its domain rules and marks its unit
/// for the incremental rollup in that transaction too.
/// </summary>
public static class AuditTrail
{
    /// <summary>Saves the tracked records (with their child rows) and one audit entry for each, all or nothing.</summary>
    public static Task SaveAsync(FriendlyGovDbContext db, string recordType, IReadOnlyList<IRolledUpRecord> records, string userName, string? source, Func<int, string?> unitCode, TimeProvider clock, CancellationToken cancellationToken) =>
        SaveAsync(db, recordType, records, r => ((IRolledUpRecord)r).UnitId, userName, source, unitCode, clock, cancellationToken);

    /// <summary>
    /// The same for records that are not rolled up themselves (targets), whose unit <paramref name="unitOf"/> reads.
    /// Whatever else the context tracks (rollup marks) is saved in the same transaction.
    /// </summary>
    public static async Task SaveAsync(FriendlyGovDbContext db, string recordType, IReadOnlyList<object> records, Func<object, int> unitOf, string userName, string? source, Func<int, string?> unitCode, TimeProvider clock, CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        var pending = records.Select(r => (Record: r, Entry: db.Entry(r))).ToList();
        foreach (var (_, entry) in pending.Where(p => p.Entry.State == EntityState.Unchanged && ChildrenChanged(db, p.Entry)))
        {
            // Only child rows changed (an opinion answered): the record itself is saved again so that
            // its unit is marked for the rollup (the opinions count is the dialogue's).
            entry.State = EntityState.Modified;
        }

        var changes = pending.Select(p => (p.Record, Action: ActionOf(p.Entry.State), Changes: Describe(db, p.Entry, unitCode))).ToList();
        // Inside the caller's transaction when it holds one (a unit merger saves its rollup mark after the new unit's id is known).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.SaveChangesAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (record, action, fields) in changes.Where(c => c.Action != AuditAction.Unspecified))
        {
            db.AuditEntries.Add(new AuditEntry
            {
                RecordType = recordType,
                RecordId = Convert.ToInt64(db.Entry(record).Property("Id").CurrentValue, System.Globalization.CultureInfo.InvariantCulture),
                UnitId = unitOf(record),
                Action = action,
                UserName = userName,
                At = now,
                Source = source,
                Changes = fields,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Many new records without child rows (a file of paper forms) with what <see cref="SaveAsync(FriendlyGovDbContext, string, IReadOnlyList{IRolledUpRecord}, string, string?, Func{int, string?}, TimeProvider, CancellationToken)"/>
    /// gives each one — the rule check, its change sequence, its unit's rollup mark, a "created" entry with the same
    /// fields — but written with <see cref="BulkInsert"/> instead of the change tracker. Whatever else the context
    /// tracks (the import run) is saved in the same transaction.
    /// </summary>
    public static async Task InsertManyAsync<T>(FriendlyGovDbContext db, BulkTable<T> table, string recordType, IReadOnlyList<T> records, string userName, string? source, Func<int, string?> unitCode, TimeProvider clock, CancellationToken cancellationToken)
        where T : class, IRecord, IChangeFeedRecord, IRolledUpRecord
    {
        var type = db.Model.FindEntityType(typeof(T))!;
        var id = type.FindPrimaryKey()!.Properties[0].GetGetter();
        var fields = records.Count == 0 ? [] : AuditedFields(type, records[0].QuarterProperty, "", unitCode).ToList();
        var quarter = records.Count == 0 ? null : type.FindProperty(records[0].QuarterProperty)!.GetGetter();
        var created = records.Select(record =>
        {
            record.EnsureValid();
            var changes = fields.Select(f => (Field: f, Value: f.Property.GetGetter().GetClrValueUsingContainingEntity(record))).Where(f => f.Value is not null)
                .Select(f => new AuditChange { Field = f.Field.Field, New = f.Field.Text(f.Value) }).ToList();
            return (Record: record, Changes: changes, Quarter: (int)quarter!.GetClrValueUsingContainingEntity(record)!);
        }).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var positions = await ChangeFeedSequence.ReserveAsync(db, records.Count, cancellationToken);
        for (var i = 0; i < records.Count; i++)
        {
            records[i].ChangeSequence = positions[i];
        }

        await BulkInsert.InsertAsync(db, table, records, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await BulkInsert.InsertAsync(db, BulkTables.AuditEntries, created.Select(c => new AuditEntry
        {
            RecordType = recordType,
            RecordId = (long)id.GetClrValueUsingContainingEntity(c.Record)!,
            UnitId = c.Record.UnitId,
            Action = AuditAction.Created,
            UserName = userName,
            At = now,
            Source = source,
            Changes = c.Changes,
        }).ToList(), cancellationToken);
        db.MarkForRollup(created.Select(c => (c.Record.UnitId, c.Quarter)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public static Task SaveAsync(FriendlyGovDbContext db, string recordType, IRolledUpRecord record, string userName, Func<int, string?> unitCode, TimeProvider clock, CancellationToken cancellationToken) =>
        SaveAsync(db, recordType, [record], userName, null, unitCode, clock, cancellationToken);

    /// <summary>
    /// An entry written by hand, for what is audited by chosen fields only (a user account, an API client, a calendar
    /// day: never a password hash or a key hash); saved with the caller's change, in its transaction.
    /// </summary>
    public static void Add(FriendlyGovDbContext db, string recordType, long recordId, int unitId, AuditAction action, string userName, TimeProvider clock, List<AuditChange> changes) =>
        db.AuditEntries.Add(new AuditEntry
        {
            RecordType = recordType,
            RecordId = recordId,
            UnitId = unitId,
            Action = action,
            UserName = userName,
            At = clock.GetUtcNow().UtcDateTime,
            Changes = changes,
        });

    /// <summary>The audit list of one record, newest first.</summary>
    public static Task<List<AuditEntry>> ListAsync(FriendlyGovDbContext db, string recordType, long recordId, CancellationToken cancellationToken) =>
        db.AuditEntries.AsNoTracking().Where(a => a.RecordType == recordType && a.RecordId == recordId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).ToListAsync(cancellationToken);

    private static AuditAction ActionOf(EntityState state) => state switch
    {
        EntityState.Added => AuditAction.Created,
        EntityState.Modified => AuditAction.Changed,
        EntityState.Deleted => AuditAction.Deleted,
        _ => AuditAction.Unspecified,
    };

    private static bool ChildrenChanged(FriendlyGovDbContext db, EntityEntry root) =>
        root.Collections.Any(c => Children(db, root, c).Any(e => e.State != EntityState.Unchanged));

    /// <summary>The field changes of a record and of its child rows (matters, opinions), in the record's field paths.</summary>
    private static List<AuditChange> Describe(FriendlyGovDbContext db, EntityEntry root, Func<int, string?> unitCode)
    {
        var changes = new List<AuditChange>();
        AddFields(changes, root, "", unitCode);
        foreach (var collection in root.Collections)
        {
            var name = Snake(collection.Metadata.Name);
            var current = (collection.CurrentValue as IEnumerable)?.Cast<object>().ToList() ?? [];
            foreach (var child in Children(db, root, collection))
            {
                var index = current.IndexOf(child.Entity);
                AddFields(changes, child, index >= 0 ? $"{name}[{index}]." : $"{name}[-].", unitCode);
            }
        }

        return changes;
    }

    /// <summary>The tracked rows of one child collection of the record, removed ones included.</summary>
    private static List<EntityEntry> Children(FriendlyGovDbContext db, EntityEntry root, CollectionEntry collection)
    {
        var foreignKey = ((Microsoft.EntityFrameworkCore.Metadata.INavigation)collection.Metadata).ForeignKey.Properties[0].Name;
        var rootId = root.Property("Id").CurrentValue;
        var type = collection.Metadata.TargetEntityType.ClrType;
        return db.ChangeTracker.Entries().Where(e => e.Metadata.ClrType == type
            && (collection.CurrentValue is IEnumerable items && items.Cast<object>().Contains(e.Entity)
                || (e.State == EntityState.Deleted && Equals(e.Property(foreignKey).OriginalValue, rootId))))
            .ToList();
    }

    private static void AddFields(List<AuditChange> changes, EntityEntry entry, string prefix, Func<int, string?> unitCode)
    {
        foreach (var audited in AuditedFields(entry.Metadata, (entry.Entity as IRolledUpRecord)?.QuarterProperty, prefix, unitCode))
        {
            var property = entry.Property(audited.Property);
            switch (entry.State)
            {
                case EntityState.Added when property.CurrentValue is not null:
                    changes.Add(new AuditChange { Field = audited.Field, New = audited.Text(property.CurrentValue) });
                    break;
                case EntityState.Deleted:
                    changes.Add(new AuditChange { Field = audited.Field, Old = audited.Text(property.OriginalValue) });
                    break;
                case EntityState.Modified when !Equals(property.OriginalValue, property.CurrentValue):
                    changes.Add(new AuditChange { Field = audited.Field, Old = audited.Text(property.OriginalValue), New = audited.Text(property.CurrentValue) });
                    break;
            }
        }
    }

    /// <summary>A stored field the audit names, by its field path, and how its value reads: the unit by its code, anything else as invariant text.</summary>
    private sealed record AuditedField(IProperty Property, string Field, Func<object?, string?> Text);

    /// <summary>
    /// The fields the audit names: not the key, not a link other than the unit, not the derived quarter, not a column
    /// the database computes (targets' quarter_key says nothing their own fields do not).
    /// </summary>
    private static IEnumerable<AuditedField> AuditedFields(IEntityType type, string? quarterProperty, string prefix, Func<int, string?> unitCode) =>
        type.GetProperties().Where(p => !(p.IsPrimaryKey() || p.IsForeignKey() && p.Name != "UnitId" || p.Name == quarterProperty || p.GetComputedColumnSql() is not null))
            .Select(p => p.Name == "UnitId"
                ? new AuditedField(p, prefix + "unit_code", v => v is int id ? unitCode(id) : null)
                : new AuditedField(p, prefix + Snake(p.Name), EnumText.Invariant));

    /// <summary>PascalCase to the contract's snake_case: HeldOn → held_on.</summary>
    public static string Snake(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
