using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace FriendlyGov.Server.Admin;

/// <summary>ASP.NET Core's model-binding messages (year=abc) in the reader's language, chosen when the value is bound.</summary>
public static class BindingMessages
{
    public static void Set(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => Lang.T($"Giá trị “{value}” không hợp lệ cho {field}.", $"The value “{value}” is not valid for {field}."));
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Lang.T($"Giá trị “{value}” không hợp lệ.", $"The value “{value}” is not valid."));
        messages.SetValueIsInvalidAccessor(value => Lang.T($"Giá trị “{value}” không hợp lệ.", $"The value “{value}” is not valid."));
        messages.SetUnknownValueIsInvalidAccessor(field => Lang.T($"Giá trị của {field} không hợp lệ.", $"The value of {field} is not valid."));
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => Lang.T("Giá trị không hợp lệ.", "The value is not valid."));
        messages.SetValueMustBeANumberAccessor(field => Lang.T($"{field} phải là một số.", $"{field} must be a number."));
        messages.SetNonPropertyValueMustBeANumberAccessor(() => Lang.T("Giá trị phải là một số.", "The value must be a number."));
        messages.SetMissingBindRequiredValueAccessor(field => Lang.T($"Thiếu giá trị của {field}.", $"A value for {field} is missing."));
        messages.SetMissingKeyOrValueAccessor(() => Lang.T("Thiếu giá trị.", "A value is missing."));
        messages.SetMissingRequestBodyRequiredValueAccessor(() => Lang.T("Thiếu nội dung yêu cầu.", "The request body is missing."));
        messages.SetValueMustNotBeNullAccessor(value => Lang.T($"Giá trị “{value}” không được để trống.", $"The value “{value}” must not be empty."));
    }
}
