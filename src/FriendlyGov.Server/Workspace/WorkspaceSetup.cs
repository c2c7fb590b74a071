using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Dialogues;
using FriendlyGov.Server.Letters;
using FriendlyGov.Server.Petitions;
using FriendlyGov.Server.Receptions;
using FriendlyGov.Server.Surveys;
using FriendlyGov.Server.Worklist;
using Microsoft.AspNetCore.Mvc;

namespace FriendlyGov.Server.Workspace;

/// <summary>The records workspace: the write policy, the imports of each record type, the letters and worklist jobs, and Vietnamese model-binding messages.</summary>
public static class WorkspaceSetup
{
    public static void AddRecordsWorkspace(this WebApplicationBuilder builder)
    {
        RecordScope.AddPolicy(builder.Services.AddAuthorizationBuilder());
        builder.Services.AddSingleton<ImportProgress>();
        builder.Services.AddScoped<ImportJobs>();
        builder.Services.AddImporter<ReceptionImporter>();
        builder.Services.AddImporter<DialogueImporter>();
        builder.Services.AddImporter<PetitionImporter>();
        builder.Services.AddImporter<SurveyImporter>();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<WorklistQueries>();
        builder.Services.AddSingleton<WorklistBadge>();
        builder.Services.AddScoped<LetterProposalJob>();
        builder.Services.AddScoped<DeadlineWarningJob>();
        builder.Services.Configure<MvcOptions>(ConfigureMessages);

        // The pages check on the server; no client-side validation attributes (with their English defaults) are written.
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcViewOptions>(views => views.HtmlHelperOptions.ClientValidationEnabled = false);
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(pages =>
        {
            pages.Conventions.AddPageRoute("/Receptions/Edit", "receptions/new");
            pages.Conventions.AddPageRoute("/Dialogues/Edit", "dialogues/new");
            pages.Conventions.AddPageRoute("/Petitions/Edit", "petitions/new");
            pages.Conventions.AddPageRoute("/Letters/Edit", "letters/new");
        });
    }

    /// <summary>Registers a record type's import (its page takes the importer itself, the jobs find it by record type).</summary>
    public static void AddImporter<T>(this IServiceCollection services)
        where T : class, IRecordImporter
    {
        services.AddSingleton<T>();
        services.AddSingleton<IRecordImporter>(s => s.GetRequiredService<T>());
    }

    /// <summary>
    /// No form shows ASP.NET Core's English "The X field is required.": a non-nullable property is not
    /// implicitly required (the domain's rules and the pages say what is), and every model-binding
    /// message is written in the reader's language.
    /// </summary>
    private static void ConfigureMessages(MvcOptions options)
    {
        options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        var messages = options.ModelBindingMessageProvider;
        messages.SetValueMustNotBeNullAccessor(_ => Lang.T("Bắt buộc nhập.", "Required."));
        messages.SetMissingBindRequiredValueAccessor(_ => Lang.T("Bắt buộc nhập.", "Required."));
        messages.SetMissingKeyOrValueAccessor(() => Lang.T("Bắt buộc nhập.", "Required."));
        messages.SetMissingRequestBodyRequiredValueAccessor(() => Lang.T("Thiếu nội dung gửi lên.", "The request has no body."));
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => Lang.T($"«{value}» không hợp lệ.", $"“{value}” is not valid."));
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Lang.T($"«{value}» không hợp lệ.", $"“{value}” is not valid."));
        messages.SetUnknownValueIsInvalidAccessor(_ => Lang.T("Giá trị không hợp lệ.", "The value is not valid."));
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => Lang.T("Giá trị không hợp lệ.", "The value is not valid."));
        messages.SetValueIsInvalidAccessor(value => Lang.T($"«{value}» không hợp lệ.", $"“{value}” is not valid."));
        messages.SetValueMustBeANumberAccessor(_ => Lang.T("Nhập một số.", "Enter a number."));
        messages.SetNonPropertyValueMustBeANumberAccessor(() => Lang.T("Nhập một số.", "Enter a number."));
    }
}
