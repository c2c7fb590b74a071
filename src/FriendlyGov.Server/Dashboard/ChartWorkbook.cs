using FriendlyGov.Domain;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Workspace;

namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// A chart's data table as .xlsx (/dashboard/charts/{id}.xlsx): the columns of the table under the chart,
/// numbers as numbers (not rounded for reading, as the table shows them), headings in the reader's
/// language with the measure ("(%)"), and for the units below their official codes first.
/// </summary>
public static class ChartWorkbook
{
    public static byte[] Write(BuiltChart chart, AdministrativeUnit unit, Period period)
    {
        var data = chart.Data;
        string Measured(string name) => data.ValueLabel == "%" ? $"{name} (%)" : name;
        var codes = chart.UnitCodes;
        IReadOnlyList<string> header =
        [
            .. codes is null ? Array.Empty<string>() : [Lang.T("Mã đơn vị", "Unit code")],
            DashboardCharts.CategoryHeader(data.Kind, period),
            .. data.Series.Select(s => Measured(s.Name)),
            .. chart.Compared.Select(c => Measured(c.Name)),
            .. data.Targets.Count > 0 ? [Measured(data.TargetLabel)] : Array.Empty<string>(),
            .. chart.Met is null ? Array.Empty<string>() : [Lang.T("Đánh giá", "Assessment")],
        ];
        var rows = Enumerable.Range(0, data.Categories.Count).Select(i => (IReadOnlyList<OutCell>)
        [
            .. codes is null ? Array.Empty<OutCell>() : [codes[i]],
            data.Categories[i],
            .. data.Series.Select(s => Number(s.Values[i])),
            .. chart.Compared.Select(c => Number(c.Values[i])),
            .. data.Targets.Count > 0 ? [Number(data.Targets[i])] : Array.Empty<OutCell>(),
            .. chart.Met is { } met ? [met[i] switch { true => Lang.T("Đạt", "Met"), false => Lang.T("Chưa đạt", "Not met"), null => "" }] : Array.Empty<OutCell>(),
        ]);
        return Spreadsheets.WriteXlsx((Lang.T("Số liệu", "Data"), header, [.. rows, [], [$"{data.Title} – {unit.Name}"]]));
    }

    public static string FileName(BuiltChart chart, AdministrativeUnit unit, Period period) =>
        $"{chart.Definition.Id}-{unit.Code}-{period.Year}-{(period.IsYear ? "nam" : "q" + period.Quarter)}.xlsx";

    private static OutCell Number(double? value) => new(null, value is { } v ? (decimal)v : null);
}
