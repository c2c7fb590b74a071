using FriendlyGov.Data.Calendar;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Workspace;

/// <summary>Dossiers written straight into a test server's database, as a sync would store them, each with its own code.</summary>
public static class TestDossiers
{
    public const string Applicant = "Nguyễn Thị Lan";
    public const string ApplicantId = "038190001234";
    public const string ApplicantPhone = "0912345678";

    /// <summary>An open dossier of the unit and procedure received at that time, due by the procedure's working days; <paramref name="shape"/> changes it before it is stored.</summary>
    public static async Task<Dossier> AddAsync(GrpcServer server, string unitCode, string procedureCode, DateTime receivedUtc, Action<Dossier>? shape = null)
    {
        await using var db = server.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
        var procedure = await db.Procedures.SingleAsync(p => p.Code == procedureCode);
        var calendar = await HolidayTable.LoadAsync(db);
        var dossier = new Dossier
        {
            Code = $"TEST.{unitCode[..Math.Min(5, unitCode.Length)]}-{VietnamTime.LocalDate(receivedUtc):yyMMdd}-{Random.Shared.Next(0, 1_000_000):000000}",
            UnitId = unit.Id,
            ProcedureId = procedure.Id,
            Channel = DossierChannel.Counter,
            OnlineLevel = OnlineLevel.NotOnline,
            ReceivedAt = receivedUtc,
            DueAt = calendar.DueTimeUtc(receivedUtc, procedure.ProcessingWorkingDays),
            Status = DossierStatus.InProgress,
            Applicant = new Applicant { Name = Applicant, IdNumber = ApplicantId, Phone = ApplicantPhone },
            SourceSystem = "TEST",
            SourceVersion = 1,
            UpdatedAt = receivedUtc,
        };
        shape?.Invoke(dossier);
        db.Dossiers.Add(dossier.EnsureValid());
        await db.SaveChangesAsync();
        return dossier;
    }

    /// <summary>Finished (and returned) at that time.</summary>
    public static void Finish(Dossier dossier, DateTime finishedUtc, bool returned = false)
    {
        dossier.Status = returned ? DossierStatus.Returned : DossierStatus.Finished;
        dossier.FinishedAt = finishedUtc;
        dossier.ReturnedAt = returned ? finishedUtc.AddHours(1) : null;
    }
}
