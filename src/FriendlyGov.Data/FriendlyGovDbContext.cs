using FriendlyGov.Domain;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Domain.Units;
using FriendlyGov.Data.Imports;
using FriendlyGov.Data.Staff;
using FriendlyGov.Data.Subscriptions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FriendlyGov.Data;

/// <summary>
/// One model for both providers. Each provider has its own subclass only so that it can keep its
/// own migration set (<see cref="PostgresDbContext"/>, <see cref="SqliteDbContext"/>).
/// Every record is checked by its domain rules on save: no entry point can write an invalid one.
/// </summary>
public abstract class FriendlyGovDbContext(DbContextOptions options) : IdentityDbContext<StaffUser>(options), IDataProtectionKeyContext
{
    /// <summary>The shadow column of targets that the unique index reads: the quarter, 0 for the year.</summary>
    public const string QuarterKey = "QuarterKey";

    public DbSet<AdministrativeUnit> Units => Set<AdministrativeUnit>();

    public DbSet<UnitSuccession> UnitSuccessions => Set<UnitSuccession>();

    public DbSet<Procedure> Procedures => Set<Procedure>();

    public DbSet<Dossier> Dossiers => Set<Dossier>();

    public DbSet<SatisfactionSurvey> Surveys => Set<SatisfactionSurvey>();

    public DbSet<Letter> Letters => Set<Letter>();

    public DbSet<ReceptionSession> ReceptionSessions => Set<ReceptionSession>();

    public DbSet<Dialogue> Dialogues => Set<Dialogue>();

    public DbSet<Petition> Petitions => Set<Petition>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<Target> Targets => Set<Target>();

    public DbSet<TargetOwner> TargetOwners => Set<TargetOwner>();

    public DbSet<TargetCheckIn> TargetCheckIns => Set<TargetCheckIn>();

    public DbSet<IndicatorSnapshot> IndicatorSnapshots => Set<IndicatorSnapshot>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<PersonalDataAccess> PersonalDataAccesses => Set<PersonalDataAccess>();

    public DbSet<DeadlineWarning> DeadlineWarnings => Set<DeadlineWarning>();

    public DbSet<ChangeCounter> ChangeCounters => Set<ChangeCounter>();

    public DbSet<RollupRun> RollupRuns => Set<RollupRun>();

    public DbSet<RollupMark> RollupMarks => Set<RollupMark>();

    public DbSet<ReportSubscription> ReportSubscriptions => Set<ReportSubscription>();

    public DbSet<SubscriptionMailing> SubscriptionMailings => Set<SubscriptionMailing>();

    /// <summary>The keys that protect sign-in and antiforgery cookies, shared by every server on the database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Checks every added or changed record against its domain rules (refusing the whole save when
    /// one breaks a rule) and gives each changed synced record its change sequence, in the same
    /// transaction as the write.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changed = ChangeTracker.Entries<IRecord>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        foreach (var entry in changed)
        {
            entry.Entity.EnsureValid();
        }

        MarkForRollup();
        var synced = changed.Select(e => e.Entity).OfType<IChangeFeedRecord>().ToList();
        if (synced.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var positions = await ChangeFeedSequence.ReserveAsync(this, synced.Count, cancellationToken);
        for (var i = 0; i < synced.Count; i++)
        {
            synced[i].ChangeSequence = positions[i];
        }

        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (ownTransaction is not null)
        {
            await ownTransaction.CommitAsync(cancellationToken);
        }

        return written;
    }

    /// <summary>
    /// Saves recomputed derived columns (<see cref="DerivedColumns"/>) and nothing else of the records:
    /// their content did not change, so no rule check, no change sequence and no automatic rollup mark.
    /// </summary>
    internal Task<int> SaveDerivedColumnsAsync(CancellationToken cancellationToken) => base.SaveChangesAsync(true, cancellationToken);

    /// <summary>Marks each unit whose own records change, from the earliest quarter touched (old and new placing), for the incremental rollup.</summary>
    private void MarkForRollup()
    {
        var marks = new HashSet<(int Unit, int Quarter)>();
        foreach (var entry in ChangeTracker.Entries<IRolledUpRecord>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var quarter = entry.Property(entry.Entity.QuarterProperty);
            marks.Add((entry.Entity.UnitId, (int)quarter.CurrentValue!));
            if (entry.State != EntityState.Added)
            {
                marks.Add(((int)entry.Property(nameof(IRolledUpRecord.UnitId)).OriginalValue!, (int)quarter.OriginalValue!));
            }
        }

        MarkForRollup(marks);
    }

    /// <summary>Marks each unit for the incremental rollup from the earliest of its quarters given; saved with the next save.</summary>
    public void MarkForRollup(IEnumerable<(int Unit, int Quarter)> placings)
    {
        foreach (var unit in placings.Where(m => m.Unit > 0).GroupBy(m => m.Unit))
        {
            RollupMarks.Add(new RollupMark { UnitId = unit.Key, FromQuarter = unit.Min(m => m.Quarter) });
        }
    }

    /// <summary>An index a query can be answered from alone: the counted columns INCLUDEd on PostgreSQL, trailing key columns on SQLite (which has no INCLUDE).</summary>
    private IndexBuilder CountsIndex(EntityTypeBuilder e, string name, string[] keys, string[] counted)
    {
        var postgres = Provider == DatabaseProvider.PostgreSql;
        var index = e.HasIndex(postgres ? keys : [.. keys, .. counted], name).HasDatabaseName(name);
        return postgres ? index.IncludeProperties(counted) : index;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ConfigureStaff(builder);

        builder.Entity<AdministrativeUnit>(e =>
        {
            e.ToTable("units");
            e.Property(u => u.Code).HasMaxLength(16);
            e.Property(u => u.Name).HasMaxLength(200);
            e.Property(u => u.Path).HasMaxLength(400);
            e.HasIndex(u => u.Code).IsUnique();
            e.HasIndex(u => u.Path);
            e.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<UnitSuccession>(e =>
        {
            e.ToTable("unit_successions");
            e.Property(s => s.Basis).HasMaxLength(300);
            e.HasOne(s => s.Predecessor).WithMany().HasForeignKey(s => s.PredecessorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(s => s.Successor).WithMany().HasForeignKey(s => s.SuccessorId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(s => new { s.PredecessorId, s.SuccessorId }).IsUnique();
        });

        builder.Entity<Procedure>(e =>
        {
            e.ToTable("procedures");
            e.Property(p => p.Code).HasMaxLength(16);
            e.Property(p => p.Name).HasMaxLength(500);
            e.Property(p => p.Field).HasMaxLength(200);
            e.HasIndex(p => p.Code).IsUnique();
        });

        builder.Entity<Dossier>(e =>
        {
            e.ToTable("dossiers");
            e.Property(d => d.Code).HasMaxLength(48);
            e.Property(d => d.SourceSystem).HasMaxLength(64);
            e.HasIndex(d => d.Code).IsUnique();
            e.HasIndex(d => new { d.UnitId, d.ReceivedAt });
            e.HasIndex(d => new { d.UnitId, d.FinishedAt });
            e.HasIndex(d => new { d.UnitId, d.ReceivedQuarter });

            // The rollups count a quarter's received and finished dossiers from these alone (index-only): their cost
            // follows the quarters recomputed, not every year the table holds. They carry the columns IndicatorQueries'
            // two dossier passes read (the status too: SQLite reads the table for a column the filter names otherwise).
            CountsIndex(e, "ix_dossiers_received_quarter_counts", [nameof(Dossier.ReceivedQuarter), nameof(Dossier.UnitId)],
                [nameof(Dossier.Channel), nameof(Dossier.OnlineLevel), nameof(Dossier.InterAgency), nameof(Dossier.PaidOnline)]);
            CountsIndex(e, "ix_dossiers_finished_quarter_counts", [nameof(Dossier.FinishedQuarter), nameof(Dossier.UnitId)],
                [nameof(Dossier.FinishedAt), nameof(Dossier.EffectiveDueAt), nameof(Dossier.SupplementCount), nameof(Dossier.ResultPublished), nameof(Dossier.Digitised),
                    nameof(Dossier.ResultIssuedElectronically), nameof(Dossier.Status)]).HasFilter("status IN (6, 7)"); // DossierSets.IsFinishedIn: finished or returned

            // The dossier list pages newest first over many units (keyset on received time, id); the letter
            // proposals look at what finished lately; the worklist and the deadline warnings at what is still open.
            e.HasIndex(d => new { d.ReceivedAt, d.Id });
            e.HasIndex(d => d.FinishedAt);
            e.HasIndex(d => new { d.UnitId, d.EffectiveDueAt }).HasDatabaseName("ix_dossiers_open_unit_id_effective_due_at").HasFilter("finished_at IS NULL");

            // The incremental rollup finds the open dossiers that went late since a unit's figures were computed.
            e.HasIndex(d => d.LateAt).HasDatabaseName("ix_dossiers_open_late_at").HasFilter("finished_at IS NULL");

            // Closed after going late while open: with the index above, the dossiers that may be open and late at a
            // period's end (the rollup's and the judged lists' second arm) are read without the closed on-time ones.
            e.HasIndex(d => d.LateAt, "ix_dossiers_late_while_open").HasDatabaseName("ix_dossiers_late_while_open").HasFilter("late_at < finished_at");
            e.HasOne(d => d.Unit).WithMany().HasForeignKey(d => d.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(d => d.Procedure).WithMany().HasForeignKey(d => d.ProcedureId).OnDelete(DeleteBehavior.Restrict);
            e.OwnsOne(d => d.Applicant, a =>
            {
                a.Property(x => x.Name).HasColumnName("applicant_name").HasMaxLength(200);
                a.Property(x => x.IdNumber).HasColumnName("applicant_id_number").HasMaxLength(12);
                a.Property(x => x.Phone).HasColumnName("applicant_phone").HasMaxLength(16);
            });
            e.Navigation(d => d.Applicant).IsRequired();
            e.ComplexCollection(d => d.Supplements, s => s.ToJson("supplements"));
            e.Property(d => d.ContentHash).HasMaxLength(32);
            e.HasIndex(d => d.ChangeSequence).IsUnique();
        });

        builder.Entity<SatisfactionSurvey>(e =>
        {
            e.ToTable("surveys");
            e.Property(s => s.Key).HasMaxLength(100);
            e.Property(s => s.SourceSystem).HasMaxLength(64);
            e.Property(s => s.Comment).HasMaxLength(4000);
            e.Property(s => s.DossierCode).HasMaxLength(48);
            e.Property(s => s.DossierScopePath).HasMaxLength(400);
            e.HasIndex(s => new { s.SourceSystem, s.Key }).IsUnique();
            e.HasIndex(s => s.DossierCode);
            e.HasIndex(s => new { s.UnitId, s.SurveyedAt });
            e.HasIndex(s => new { s.UnitId, s.SurveyedQuarter });
            e.HasIndex(s => new { s.SurveyedAt, s.Id }); // the survey list pages newest first over many units
            e.Property(s => s.ContentHash).HasMaxLength(32);
            e.HasIndex(s => s.ChangeSequence).IsUnique();
            e.HasOne(s => s.Unit).WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(s => s.Dossier).WithMany().HasForeignKey(s => s.DossierId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<Letter>(e =>
        {
            e.ToTable("letters");
            e.Property(l => l.RecipientName).HasMaxLength(200);
            e.Property(l => l.RecipientAddress).HasMaxLength(500);
            e.Property(l => l.Number).HasMaxLength(50);
            e.Property(l => l.Reason).HasMaxLength(1000);
            e.Property(l => l.Message).HasMaxLength(2000);
            e.Property(l => l.SignerTitle).HasMaxLength(100);
            e.Property(l => l.SignerName).HasMaxLength(200);
            e.Property(l => l.ProposedBy).HasMaxLength(256);
            e.Property(l => l.IssuedBy).HasMaxLength(256);
            e.Property(l => l.DismissedReason).HasMaxLength(1000);
            e.Ignore(l => l.FormReference);
            e.HasIndex(l => new { l.UnitId, l.IssuedQuarter });
            e.HasIndex(l => new { l.UnitId, l.State });

            // One letter of a kind per dossier: the proposal job relies on it when two runs meet.
            e.HasIndex(l => new { l.DossierId, l.Kind }).IsUnique();
            e.HasOne(l => l.Unit).WithMany().HasForeignKey(l => l.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(l => l.Dossier).WithMany().HasForeignKey(l => l.DossierId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ReceptionSession>(e =>
        {
            e.ToTable("reception_sessions");
            e.Property(r => r.HostName).HasMaxLength(200);
            e.Property(r => r.Topic).HasMaxLength(1000);
            e.Property(r => r.Outcome).HasMaxLength(4000);
            e.HasIndex(r => new { r.UnitId, r.HeldOn });
            e.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Matters).WithOne().HasForeignKey(m => m.ReceptionSessionId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ReceptionMatter>(e =>
        {
            e.ToTable("reception_matters");
            e.Property(m => m.Content).HasMaxLength(2000);
            e.Property(m => m.Result).HasMaxLength(2000);
        });

        builder.Entity<Dialogue>(e =>
        {
            e.ToTable("dialogues");
            e.Property(d => d.HostName).HasMaxLength(200);
            e.Property(d => d.Topic).HasMaxLength(1000);
            e.HasIndex(d => new { d.UnitId, d.HeldOn });
            e.HasOne(d => d.Unit).WithMany().HasForeignKey(d => d.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(d => d.Opinions).WithOne().HasForeignKey(o => o.DialogueId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<DialogueOpinion>(e =>
        {
            e.ToTable("dialogue_opinions");
            e.Property(o => o.Content).HasMaxLength(4000);
            e.Property(o => o.FollowUp).HasMaxLength(4000);
            e.Property(o => o.AssignedTo).HasMaxLength(200);
        });

        builder.Entity<Petition>(e =>
        {
            e.ToTable("petitions");
            e.Property(p => p.Subject).HasMaxLength(1000);
            e.Property(p => p.ResolvedBy).HasMaxLength(200);
            e.Property(p => p.AssignedTo).HasMaxLength(200);
            e.Property(p => p.ForwardedTo).HasMaxLength(200);
            e.Property(p => p.Result).HasMaxLength(4000);
            e.HasIndex(p => new { p.UnitId, p.ReceivedOn });
            e.HasOne(p => p.Unit).WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.Property(a => a.RecordType).HasMaxLength(32);
            e.Property(a => a.UserName).HasMaxLength(256);
            e.Property(a => a.Source).HasMaxLength(300);
            e.HasIndex(a => new { a.RecordType, a.RecordId });
            e.ComplexCollection(a => a.Changes, c => c.ToJson("changes"));
        });

        builder.Entity<ImportRun>(e =>
        {
            e.ToTable("import_runs");
            e.Property(i => i.RecordType).HasMaxLength(32);
            e.Property(i => i.UserName).HasMaxLength(256);
            e.Property(i => i.SubtreePath).HasMaxLength(400);
            e.Property(i => i.FileName).HasMaxLength(300);
        });

        builder.Entity<Target>(e =>
        {
            e.ToTable("targets");
            e.Property(t => t.IndicatorCode).HasMaxLength(100);
            e.Property(t => t.Value).HasPrecision(18, 4);
            // One target per unit, indicator, year and quarter, the year's own (quarter null) included: a unique index
            // counts NULLs as distinct on both providers, so it is over quarter_key = coalesce(quarter, 0), kept by the
            // database (stored on PostgreSQL, which computes no virtual column before 18; virtual on SQLite, which cannot
            // add a stored one to a table, and indexes it all the same).
            e.Property<int>(QuarterKey).HasComputedColumnSql("coalesce(quarter, 0)", stored: Provider == DatabaseProvider.PostgreSql);
            e.HasIndex(nameof(Target.IndicatorCode), nameof(Target.UnitId), nameof(Target.Year), QuarterKey).IsUnique();
            e.HasOne(t => t.Unit).WithMany().HasForeignKey(t => t.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<TargetOwner>(e =>
        {
            e.ToTable("target_owners");
            e.Property(o => o.IndicatorCode).HasMaxLength(100);
            e.Property(o => o.Name).HasMaxLength(TargetOwner.NameLength);
            e.HasIndex(o => new { o.UnitId, o.IndicatorCode }).IsUnique();
            e.HasOne(o => o.Unit).WithMany().HasForeignKey(o => o.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<TargetCheckIn>(e =>
        {
            e.ToTable("target_check_ins");
            e.Property(c => c.IndicatorCode).HasMaxLength(100);
            e.Property(c => c.Note).HasMaxLength(TargetCheckIn.NoteLength);
            e.Property(c => c.Author).HasMaxLength(256);
            e.Property(c => c.AuthorName).HasMaxLength(256);
            e.Property(c => c.Value).HasPrecision(18, 4);
            e.HasIndex(c => new { c.UnitId, c.PeriodKey, c.IndicatorCode });
            e.HasOne(c => c.Unit).WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<IndicatorSnapshot>(e =>
        {
            e.ToTable("indicator_snapshots");
            e.Property(s => s.IndicatorCode).HasMaxLength(100);
            e.Property(s => s.Numerator).HasPrecision(18, 4);
            e.Property(s => s.Denominator).HasPrecision(18, 4);
            e.Property(s => s.Value).HasPrecision(18, 4);
            e.Property(s => s.Target).HasPrecision(18, 4);
            e.Property(s => s.OwnNumerator).HasPrecision(18, 4);
            e.Property(s => s.OwnDenominator).HasPrecision(18, 4);
            e.HasIndex(s => new { s.UnitId, s.PeriodKey, s.IndicatorCode }).IsUnique();
            e.HasIndex(s => new { s.PeriodKey, s.IndicatorCode }); // the incremental rollup's look at one figure of a period in every unit

            // No foreign key to units: snapshots are derived, written only by rollups for the units they read, and
            // units are never deleted; the check per row doubled the time of writing a full rollup's snapshots.
        });

        builder.Entity<ApiClient>(e =>
        {
            e.ToTable("api_clients");
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.KeyHash).HasMaxLength(64);
            e.Property(c => c.KeyHint).HasMaxLength(16);
            e.HasIndex(c => c.KeyHash).IsUnique();
            e.HasOne(c => c.Unit).WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PersonalDataAccess>(e =>
        {
            e.ToTable("personal_data_accesses");
            e.Property(a => a.RecordType).HasMaxLength(32);
            e.Property(a => a.RecordKey).HasMaxLength(200);
            e.Property(a => a.Method).HasMaxLength(200);
            e.Property(a => a.UserName).HasMaxLength(256);
            e.HasIndex(a => new { a.ClientId, a.AccessedAt });
            e.HasIndex(a => new { a.UserName, a.AccessedAt });
            e.HasOne<ApiClient>().WithMany().HasForeignKey(a => a.ClientId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasCheckConstraint("ck_personal_data_accesses_reader", "(client_id IS NULL) <> (user_name IS NULL)"));
        });

        builder.Entity<ReportSubscription>(e =>
        {
            e.ToTable("report_subscriptions");
            e.HasIndex(s => new { s.UserId, s.UnitId }).IsUnique();
            e.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(s => s.Unit).WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<SubscriptionMailing>(e =>
        {
            e.ToTable("subscription_mailings");
            e.Property(m => m.Edition).HasMaxLength(16);
            e.HasIndex(m => new { m.SubscriptionId, m.Edition }).IsUnique();
            e.HasOne<ReportSubscription>().WithMany().HasForeignKey(m => m.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<DeadlineWarning>(e =>
        {
            e.ToTable("deadline_warnings");
            e.HasIndex(w => w.DossierId).IsUnique();
            e.HasIndex(w => new { w.UnitId, w.Outcome });
            e.HasOne(w => w.Dossier).WithMany().HasForeignKey(w => w.DossierId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ChangeCounter>(e =>
        {
            e.ToTable("change_counter");
            e.Property(c => c.Id).ValueGeneratedNever();
            e.HasData(new ChangeCounter { Id = 1, LastSequence = 0 });
        });

        builder.Entity<RollupRun>(e =>
        {
            e.ToTable("rollup_runs");
            e.Property(r => r.Kind).HasMaxLength(16);
            e.Property(r => r.Error).HasMaxLength(4000);
        });

        builder.Entity<RollupMark>(e => e.ToTable("rollup_marks"));

        builder.Entity<CalendarDay>(e =>
        {
            e.ToTable("calendar_days");
            e.HasKey(c => c.Date);
            e.Property(c => c.Name).HasMaxLength(200);
        });
    }

    /// <summary>Identity's tables under the product's names (the admin's users are staff, not citizens).</summary>
    private static void ConfigureStaff(ModelBuilder builder)
    {
        builder.Entity<StaffUser>(e =>
        {
            e.ToTable("staff_users");
            e.Property(u => u.FullName).HasMaxLength(200);
            e.HasOne(u => u.Unit).WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<IdentityRole>().ToTable("staff_roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("staff_user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("staff_user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("staff_user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("staff_user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("staff_role_claims");
    }
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
