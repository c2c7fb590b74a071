using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Server.Sync;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Wire = FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Reference;

/// <summary>Reference data a portal needs to send records: administrative units and procedures.</summary>
public sealed class ReferenceService(FriendlyGovDbContext db) : Wire.ReferenceService.ReferenceServiceBase
{
    private static readonly (ProcedureLevels Level, Wire.UnitLevel Wire)[] ProcedureLevelsOnTheWire =
        [(ProcedureLevels.Province, Wire.UnitLevel.Province), (ProcedureLevels.District, Wire.UnitLevel.District), (ProcedureLevels.Commune, Wire.UnitLevel.Commune)];

    public override async Task<Wire.ListUnitsResponse> ListUnits(Wire.ListUnitsRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        GrpcErrors.ThrowIfAny(new Rules().UnitCode(request.UnitCode, "unit_code"));
        var pageSize = PageToken.PageSize(request.PageSize);
        var offset = PageToken.After(request.PageToken, request, parts: 1) is [var position] ? PageToken.Offset(position) : 0;
        var codes = await ReferenceCodes.LoadAsync(db, context.CancellationToken);
        var path = SubtreeFilter.PathFor(caller, codes, request.UnitCode);
        var today = DateOnly.FromDateTime(Domain.Calendar.VietnamTime.ToLocal(DateTime.UtcNow));

        var query = db.Units.AsNoTracking().Where(u => u.Path.StartsWith(path));
        if (!request.IncludeExpired)
        {
            query = query.Where(u => u.ValidTo == null || u.ValidTo > today);
        }

        // Tree order: a parent before its children. Units change rarely, so an offset token is enough.
        var page = await query.OrderBy(u => u.Path).Skip(offset).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var shown = page.Take(pageSize).ToList();
        var ids = shown.Select(u => u.Id).ToList();
        var successors = (await db.UnitSuccessions.AsNoTracking().Where(s => ids.Contains(s.PredecessorId))
                .Select(s => new { s.PredecessorId, s.SuccessorId }).ToListAsync(context.CancellationToken))
            .ToLookup(s => s.PredecessorId, s => codes.UnitsById[s.SuccessorId].Code);

        var response = new Wire.ListUnitsResponse();
        response.Units.AddRange(shown.Select(u => new Wire.Unit
        {
            Code = u.Code,
            Name = u.Name,
            Level = (Wire.UnitLevel)u.Level,
            ParentCode = u.ParentId is { } parent ? codes.UnitsById[parent].Code : "",
            ValidFrom = ProtoTime.ToDate(u.ValidFrom),
            ValidTo = ProtoTime.ToDate(u.ValidTo),
            SuccessorCodes = { successors[u.Id] },
        }));
        if (page.Count > pageSize)
        {
            response.NextPageToken = PageToken.Next(request, (offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    }

    public override async Task<Wire.ListProceduresResponse> ListProcedures(Wire.ListProceduresRequest request, ServerCallContext context)
    {
        GrpcErrors.ThrowIfAny(new Rules().Optional(request.Field, "field", Domain.Dossiers.Procedure.MaxFieldLength));
        var pageSize = PageToken.PageSize(request.PageSize);
        var after = PageToken.After(request.PageToken, request, parts: 1)?[0];
        var query = db.Procedures.AsNoTracking().Where(p => after == null || string.Compare(p.Code, after) > 0);
        if (request.Field.Length > 0)
        {
            query = query.Where(p => p.Field == request.Field);
        }

        var page = await query.OrderBy(p => p.Code).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var shown = page.Take(pageSize).ToList();
        var response = new Wire.ListProceduresResponse();
        response.Procedures.AddRange(shown.Select(p => new Wire.Procedure
        {
            Code = p.Code,
            Name = p.Name,
            Field = p.Field,
            ProcessingWorkingDays = p.ProcessingWorkingDays,
            OnlineCapability = (Wire.OnlineCapability)p.OnlineCapability,
            Levels = { Levels(p.Levels) },
        }));
        if (page.Count > pageSize)
        {
            response.NextPageToken = PageToken.Next(request, shown[^1].Code);
        }

        return response;
    }

    private static IEnumerable<Wire.UnitLevel> Levels(ProcedureLevels levels) =>
        ProcedureLevelsOnTheWire.Where(l => levels.HasFlag(l.Level)).Select(l => l.Wire);
}
