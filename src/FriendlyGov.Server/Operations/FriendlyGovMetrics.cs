using System.Diagnostics.Metrics;
using FriendlyGov.Grpc.V1;
using Hangfire.Server;

namespace FriendlyGov.Server.Operations;

/// <summary>
/// The product's own measurements, in one meter ("FriendlyGov"). Tags are fixed words (record type,
/// outcome, rollup kind, chart id and format, job name): never a record's content, a person's data,
/// a client's name or key, or a unit — what a metric says is safe to show on any operator's screen.
/// </summary>
public sealed class FriendlyGovMetrics
{
    public const string MeterName = "FriendlyGov";

    private readonly Counter<long> _recordsSynced;
    private readonly Histogram<double> _syncBatchDuration;
    private readonly Histogram<double> _changeFeedLag;
    private readonly Histogram<double> _rollupDuration;
    private readonly Histogram<long> _rollupUnits;
    private readonly Counter<long> _jobFailures;
    private readonly Histogram<double> _chartRenderDuration;
    private readonly Counter<long> _subscriptionMails;

    public FriendlyGovMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _recordsSynced = meter.CreateCounter<long>("friendlygov.sync.records", "{record}", "Records of upsert and sync batches, by record type and outcome (applied, unchanged, skipped_stale, rejected).");
        _syncBatchDuration = meter.CreateHistogram<double>("friendlygov.sync.batch.duration", "s", "Time to check and write one upsert or sync batch, by record type.");
        _changeFeedLag = meter.CreateHistogram<double>("friendlygov.change_feed.lag", "s", "Age of the newest change of each change-feed page when it is sent: how far readers are behind the writers.");
        _rollupDuration = meter.CreateHistogram<double>("friendlygov.rollup.duration", "s", "Time of one rollup run, by kind (full, incremental) and outcome (succeeded, failed).");
        _rollupUnits = meter.CreateHistogram<long>("friendlygov.rollup.units", "{unit}", "Units computed by one rollup run, by kind.");
        _jobFailures = meter.CreateCounter<long>("friendlygov.jobs.failures", "{attempt}", "Hangfire job attempts that failed (each is retried by its policy), by job.");
        _subscriptionMails = meter.CreateCounter<long>("friendlygov.subscriptions.mails", "{mail}", "Subscribers' mails handed to the SMTP server (sent) or not (failed: sent again on the next run).");
        _chartRenderDuration = meter.CreateHistogram<double>("friendlygov.chart.render.duration", "s", "Time to draw one dashboard chart image, by chart and format.");
    }

    public void SyncBatch(string recordType, IEnumerable<UpsertResult> results, TimeSpan duration)
    {
        var type = new KeyValuePair<string, object?>("record_type", recordType);
        foreach (var outcome in results.GroupBy(r => r.Outcome))
        {
            _recordsSynced.Add(outcome.Count(), type, new("outcome", OutcomeName(outcome.Key)));
        }

        _syncBatchDuration.Record(duration.TotalSeconds, type);
    }

    public void ChangeFeedPage(DateTime newestCommitUtc, DateTime nowUtc) =>
        _changeFeedLag.Record(Math.Max(0, (nowUtc - newestCommitUtc).TotalSeconds));

    public void Rollup(string kind, bool succeeded, int units, TimeSpan duration)
    {
        var kindTag = new KeyValuePair<string, object?>("kind", kind);
        _rollupDuration.Record(duration.TotalSeconds, kindTag, new("outcome", succeeded ? "succeeded" : "failed"));
        _rollupUnits.Record(units, kindTag);
    }

    public void ChartRendered(string chart, string format, TimeSpan duration) =>
        _chartRenderDuration.Record(duration.TotalSeconds, new("chart", chart), new("format", format));

    public void SubscriptionMail(bool sent) => _subscriptionMails.Add(1, new KeyValuePair<string, object?>("outcome", sent ? "sent" : "failed"));

    private void JobFailed(string job) => _jobFailures.Add(1, new KeyValuePair<string, object?>("job", job));

    private static string OutcomeName(UpsertOutcome outcome) => outcome switch
    {
        UpsertOutcome.Applied => "applied",
        UpsertOutcome.Unchanged => "unchanged",
        UpsertOutcome.SkippedStale => "skipped_stale",
        UpsertOutcome.Rejected => "rejected",
        _ => "unspecified",
    };

    /// <summary>Counts every failed attempt of a Hangfire job (a stop of the server, which puts the job back, is not a failure).</summary>
    public sealed class JobFailureFilter(FriendlyGovMetrics metrics) : IServerFilter
    {
        public void OnPerforming(PerformingContext context)
        {
        }

        public void OnPerformed(PerformedContext context)
        {
            if (context.Exception is { } e && !context.ExceptionHandled && e is not OperationCanceledException && e.InnerException is not OperationCanceledException)
            {
                metrics.JobFailed($"{context.BackgroundJob.Job.Type.Name}.{context.BackgroundJob.Job.Method.Name}");
            }
        }
    }
}
