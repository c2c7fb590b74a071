using System.Linq.Expressions;
using System.Reflection;

namespace FriendlyGov.Server.Indicators;

/// <summary>
/// Puts a rule written once as an expression into a bigger query: every <c>rule.Compile()(args)</c>
/// inside a query becomes the rule's body with the arguments in place of its
/// parameters, so that EF Core translates it to SQL (it cannot call a compiled delegate). The rule is
/// a static field or property, or a captured local.
/// </summary>
public static class Inline
{
    public static Expression<T> Expand<T>(Expression<T> query) => (Expression<T>)new Expander().Visit(query);

    /// <summary>The query with the rules in its lambdas put in place, before it is sent.</summary>
    public static IQueryable<T> Expand<T>(IQueryable<T> query) => query.Provider.CreateQuery<T>(new Expander().Visit(query.Expression));

    private sealed class Expander : ExpressionVisitor
    {
        protected override Expression VisitInvocation(InvocationExpression node)
        {
            if (node.Expression is MethodCallExpression { Method.Name: nameof(LambdaExpression.Compile), Object: MemberExpression member }
                && Value(member) is LambdaExpression rule)
            {
                var arguments = rule.Parameters.Zip(node.Arguments.Select(Visit)).ToDictionary(p => p.First, p => p.Second!);
                return Visit(new Substitute(arguments).Visit(rule.Body));
            }

            return base.VisitInvocation(node);
        }

        private static object? Value(MemberExpression member)
        {
            var owner = member.Expression switch
            {
                null => null,
                ConstantExpression constant => constant.Value,
                _ => throw new NotSupportedException($"Inline.Expand takes a rule from a static member or a local, not {member}."),
            };
            return member.Member switch
            {
                FieldInfo field => field.GetValue(owner),
                PropertyInfo property => property.GetValue(owner),
                _ => null,
            };
        }
    }

    private sealed class Substitute(Dictionary<ParameterExpression, Expression> arguments) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => arguments.GetValueOrDefault(node) ?? node;
    }
}
