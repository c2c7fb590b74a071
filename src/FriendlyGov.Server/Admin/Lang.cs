using System.Globalization;

namespace FriendlyGov.Server.Admin;

/// <summary>
/// Vietnamese first, English second: each text is written in both beside the code that shows it
/// (the admin is small enough that resource files would only hide the words from the reader).
/// </summary>
public static class Lang
{
    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    // en-GB: English words with the same day/month/year order as the Vietnamese pages.
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string vi, string en) => IsEnglish ? en : vi;
}
