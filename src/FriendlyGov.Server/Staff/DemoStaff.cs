using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;

namespace FriendlyGov.Server.Staff;

/// <summary>
/// Users for the demo data, created with it: one generated password, printed once on the console
/// (not in the logs) and never stored in clear. A real deployment starts from `users add`.
/// </summary>
public static class DemoStaff
{
    public static IReadOnlyList<StaffAccount> Accounts { get; } =
    [
        new("admin", "Quản trị hệ thống", StaffRoles.Admin, DemoData.ProvinceCode),
        new("lanhdao.huyen", "Lãnh đạo UBND huyện Hoằng Hóa", StaffRoles.Leader, DemoData.DistrictCode),
        new("chutich.hoangkim", "Chủ tịch UBND xã Hoằng Kim", StaffRoles.Leader, DemoData.HoangKimCode),
        new("motcua.hoangkim", "Công chức một cửa xã Hoằng Kim", StaffRoles.Officer, DemoData.HoangKimCode),

        // Hoằng Kim was merged into the new Hoằng Phú on 1 July 2025: today's counter work is Hoằng Phú's.
        new("motcua.hoangphu", "Công chức một cửa xã Hoằng Phú", StaffRoles.Officer, DemoData.NewHoangPhuCode),
    ];

    public static async Task CreateAsync(IServiceProvider services, TextWriter console, CancellationToken cancellationToken)
    {
        var password = UsersCommand.NewPassword();
        foreach (var account in Accounts)
        {
            if (await UsersCommand.CreateAsync(services, account, password, cancellationToken) is { } problem)
            {
                throw new InvalidOperationException($"Demo user {account.UserName}: {problem}");
            }
        }

        console.WriteLine($"Demo users {string.Join(", ", Accounts.Select(a => $"{a.UserName} ({a.Role}, unit {a.UnitCode})"))} share one password.");
        console.WriteLine(UsersCommand.PasswordLinePrefix + password);
    }
}
