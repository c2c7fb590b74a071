using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Data.Demo;

public sealed partial class DemoData
{
    private static readonly string[] FamilyNames = ["Lê", "Nguyễn", "Trần", "Hoàng", "Phạm", "Vũ", "Đỗ", "Bùi", "Lương", "Trịnh"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Hữu", "Thu", "Quang"];
    private static readonly string[] GivenNames = ["An", "Bình", "Hà", "Hương", "Lan", "Nam", "Hùng", "Thảo", "Trang", "Dũng", "Tuấn", "Mai", "Sơn", "Yến", "Khánh"];

    // Weights of the procedures in a commune's ordinary quarter, in BuildProcedures order.
    private static readonly double[] ProcedureWeights = [11, 5, 6, 4, 11, 19, 42, 2];

    /// <summary>
    /// Hoằng Kim, 2023: the records behind every figure of the report. 779 dossiers — 397 partly
    /// online ("level 3"), 203 fully online ("level 4"), 179 at the counter —, 47 inter-agency, all
    /// returned on time with results published; 48 surveys, all satisfied; 40/81/45/0 letters;
    /// 25 receptions (chairman 8, officials 17) up to 30/10; 1 dialogue with 9 opinions; 1 petition.
    /// </summary>
    private void BuildHoangKim2023(AdministrativeUnit unit)
    {
        var plan = new (string Procedure, int Counter, int Partly, int Fully, int InterAgency)[]
        {
            ("1.001193", 5, 16, 60, 35),
            ("1.000894", 10, 30, 0, 0),
            ("1.000656", 5, 10, 30, 12),
            ("1.004873", 10, 20, 0, 0),
            ("1.004746", 10, 40, 40, 0),
            ("1.004884", 20, 57, 73, 0),
            ("2.000815", 107, 224, 0, 0),
            ("2.001088", 12, 0, 0, 0),
        };
        var year = (From: new DateOnly(2023, 1, 1), To: new DateOnly(2024, 1, 1));
        var dossiers = new List<Dossier>();
        foreach (var (code, counter, partly, fully, interAgency) in plan)
        {
            var levels = Enumerable.Repeat(OnlineLevel.FullyOnline, fully)
                .Concat(Enumerable.Repeat(OnlineLevel.PartlyOnline, partly))
                .Concat(Enumerable.Repeat(OnlineLevel.NotOnline, counter));
            var i = 0;
            foreach (var level in levels)
            {
                // Civil-status dossiers are all received before the last week of December, so that
                // their letters (issued when the result is returned) fall in 2023 as the report counts them.
                var received = RandomOfficeTime(year.From, _procedures[code].CivilEvent == CivilEvent.None ? year.To : new DateOnly(2023, 12, 20));

                // A few citizens were asked to supplement once: finished after the appointment,
                // yet on time because their supplement time does not count.
                var supplemented = code == "1.004746" && i % 15 == 0;
                dossiers.Add(NewDossier(unit, _procedures[code], received, level, interAgency: i < interAgency, new Rates(Late: 0, Supplement: supplemented ? 1 : 0, TwoSupplements: 0, Refused: 0, Postal: 0)));
                i++;
            }
        }

        foreach (var dossier in dossiers)
        {
            dossier.ResultPublished = true;
            if (dossier.Procedure!.CivilEvent != CivilEvent.None)
            {
                AddLetter(dossier, LetterKindFor(dossier.Procedure.CivilEvent), dossier.ReturnedAt!.Value, "Chủ tịch UBND xã Hoằng Kim");
            }
        }

        Dossiers.AddRange(dossiers.OrderBy(d => d.ReceivedAt));

        var surveyed = dossiers.Where(d => d.ReturnedAt!.Value.AddMinutes(10) < VietnamTime.StartOfDayUtc(year.To)).OrderBy(_ => _random.Next()).Take(40).ToList();
        foreach (var dossier in surveyed)
        {
            AddSurvey(unit, dossier, dossier.ReturnedAt!.Value.AddMinutes(10), satisfied: true);
        }

        for (var i = 0; i < 8; i++)
        {
            AddSurvey(unit, null, RandomOfficeTime(year.From, year.To), satisfied: true);
        }

        for (var month = 1; month <= 10; month++)
        {
            // The chairman held 8 sessions over ten months, officials 17: as the report counts them.
            if (month is not (2 or 7))
            {
                AddReception(unit, RandomWorkingDay(new DateOnly(2023, month, 1), new DateOnly(2023, month, 1).AddMonths(1)), HostRole.Chairman, "Lê Văn Hùng");
            }

            var officialSessions = month <= 7 ? 2 : 1;
            for (var s = 0; s < officialSessions; s++)
            {
                AddReception(unit, RandomWorkingDay(new DateOnly(2023, month, 1), new DateOnly(2023, month, 1).AddMonths(1)), HostRole.Official, RandomName());
            }
        }

        var dialogue = new Dialogue { Unit = unit, HeldOn = new DateOnly(2023, 9, 15), HostName = "Lê Văn Hùng", Participants = 126, Topic = "Đối thoại trực tiếp giữa lãnh đạo xã với Nhân dân năm 2023" };
        string[] opinions =
        [
            "Tiến độ làm đường liên xã Kim Xuân", "Hỗ trợ người cao tuổi nộp hồ sơ trực tuyến", "Vệ sinh môi trường khu dân cư",
            "Cấp giấy chứng nhận quyền sử dụng đất", "Điện chiếu sáng đường thôn", "Thủy lợi nội đồng vụ chiêm",
            "Chính sách bảo hiểm y tế hộ cận nghèo", "An toàn giao thông đoạn Quốc lộ 1A", "Xây dựng thôn kiểu mẫu",
        ];
        dialogue.Opinions.AddRange(opinions.Select(o => new DialogueOpinion
        {
            Content = o,
            AssignedTo = "Văn phòng HĐND và UBND xã",
            PromisedOn = dialogue.HeldOn,
            FollowUp = "Đã trả lời tại hội nghị, giao bộ phận chuyên môn theo dõi",
            AnsweredOn = dialogue.HeldOn,
            Resolved = true,
        }));
        Dialogues.Add(dialogue.EnsureValid());

        AddPetition(new Petition
        {
            Unit = unit,
            Kind = PetitionKind.Recommendation,
            Subject = "Kiến nghị về bồi thường, giải phóng mặt bằng",
            ReceivedOn = new DateOnly(2023, 5, 10),
            Jurisdiction = Jurisdiction.Forwarded,
            ForwardedOn = new DateOnly(2023, 5, 15),
            ForwardedTo = "UBND huyện Hoằng Hóa",
            Status = PetitionStatus.Resolved,
            ResolvedOn = new DateOnly(2023, 8, 22),
            ResolvedBy = "UBND huyện Hoằng Hóa",
            Result = "UBND huyện đã trả lời, điều chỉnh phương án bồi thường",
        });
    }

    /// <summary>Ordinary records of a commune from <paramref name="from"/> to <paramref name="to"/> (exclusive), capped at the demo's "now".</summary>
    private void GenerateRecords(AdministrativeUnit unit, DateOnly from, DateOnly to, double scale, double quality)
    {
        var asOfDate = DateOnly.FromDateTime(AsOfLocal);
        if (to > asOfDate)
        {
            to = asOfDate.AddDays(1);
        }

        for (var quarter = Period.QuarterOf(from); quarter.FirstDay < to; quarter = quarter.Next)
        {
            var qFrom = Max(quarter.FirstDay, from);
            var qTo = Min(quarter.EndExclusive, to);
            var yearsIn = quarter.Year - 2023 + ((quarter.Quarter - 1) / 4.0);
            var season = quarter.Quarter switch { 1 => 1.15, 4 => 1.05, _ => 0.9 };
            var share = (qTo.DayNumber - qFrom.DayNumber) / (double)(quarter.EndExclusive.DayNumber - quarter.FirstDay.DayNumber);
            var count = (int)(190 * scale * season * share * (0.9 + (_random.NextDouble() * 0.2)));
            var onlineShare = Math.Min(0.95, 0.55 + (0.1 * yearsIn) + ((_random.NextDouble() - 0.5) * 0.1));
            var fullyShare = Math.Min(0.8, 0.3 + (0.08 * yearsIn));
            var lateRate = (1 - quality) * 0.12 * _random.NextDouble() * 2;
            var dissatisfied = (1 - quality) * 0.15 + (_random.NextDouble() * 0.02);

            for (var n = 0; n < count; n++)
            {
                var procedure = PickProcedure(quarter.Quarter);
                var received = RandomOfficeTime(qFrom, qTo);
                if (received > AsOfUtc)
                {
                    continue;
                }

                var level = procedure.OnlineCapability == OnlineCapability.NotOnline || _random.NextDouble() >= onlineShare ? OnlineLevel.NotOnline
                    : procedure.OnlineCapability == OnlineCapability.FullyOnline && _random.NextDouble() < fullyShare ? OnlineLevel.FullyOnline
                    : OnlineLevel.PartlyOnline;
                var dossier = NewDossier(unit, procedure, received, level, interAgency: procedure.CivilEvent is CivilEvent.Birth or CivilEvent.Death && _random.NextDouble() < 0.5,
                    new Rates(lateRate, Supplement: 0.03, TwoSupplements: 0.004, Refused: 0.008, Postal: 0.02));
                dossier.ResultPublished = Dossier.IsFinished(dossier.Status) && _random.NextDouble() < 0.9 + (quality * 0.1);
                dossier.Digitised = Dossier.IsFinished(dossier.Status) && _random.NextDouble() < Math.Min(0.98, 0.5 + (0.12 * yearsIn) + (quality * 0.1));
                Dossiers.Add(dossier);
                AddDossierLetters(dossier, quality);
                if (dossier.FinishedAt is { } finished && Dossier.IsFinished(dossier.Status) && _random.NextDouble() < 0.07)
                {
                    var lateFactor = dossier.IsLate(AsOfUtc) ? 4 : 1;
                    AddSurvey(unit, dossier, (dossier.ReturnedAt ?? finished).AddMinutes(15), _random.NextDouble() >= dissatisfied * lateFactor);
                }
            }

            for (var n = 0; n < (int)(4 * scale * share); n++)
            {
                AddSurvey(unit, null, RandomOfficeTime(qFrom, qTo), _random.NextDouble() >= dissatisfied);
            }

            GeneratePetitions(unit, qFrom, qTo, scale);
        }

        GenerateReceptions(unit, from, to, quality);
        for (var year = from.Year; year <= to.Year; year++)
        {
            var day = RandomWorkingDay(Max(new DateOnly(year, 6, 1), from), Min(new DateOnly(year, 12, 1), to));
            if (day != default)
            {
                var dialogue = new Dialogue { Unit = unit, HeldOn = day, HostName = RandomName(), Participants = _random.Next(60, 220), Topic = $"Đối thoại trực tiếp với Nhân dân năm {year}" };
                var opinions = _random.Next(3, 13);
                for (var i = 0; i < opinions; i++)
                {
                    var resolved = _random.NextDouble() < 0.8;
                    dialogue.Opinions.Add(new DialogueOpinion
                    {
                        Content = $"Ý kiến số {i + 1} của cử tri",
                        AssignedTo = "Văn phòng UBND xã",
                        PromisedOn = day.AddDays(30),
                        FollowUp = resolved ? "Đã giải quyết" : "Đang theo dõi",
                        AnsweredOn = resolved ? day.AddDays(20) : null,
                        Resolved = resolved,
                    });
                }

                Dialogues.Add(dialogue.EnsureValid());
            }
        }
    }

    /// <summary>How often a generated dossier goes late, is sent back for a supplement (once, twice), is refused or withdrawn, or comes by post.</summary>
    private readonly record struct Rates(double Late, double Supplement, double TwoSupplements, double Refused, double Postal);

    private Dossier NewDossier(AdministrativeUnit unit, Procedure procedure, DateTime received, OnlineLevel level, bool interAgency, Rates rates)
    {
        var due = _calendar.DueTimeUtc(received, procedure.ProcessingWorkingDays);
        var dossier = new Dossier
        {
            Code = NextCode(unit, received),
            Unit = unit,
            Procedure = procedure,
            Channel = level != OnlineLevel.NotOnline ? DossierChannel.Online : _random.NextDouble() < rates.Postal ? DossierChannel.PublicPostal : DossierChannel.Counter,
            OnlineLevel = level,
            InterAgency = interAgency,
            ReceivedAt = received,
            DueAt = due,
            Status = DossierStatus.Received,
            Applicant = RandomApplicant(),
            PaidOnline = level != OnlineLevel.NotOnline && _random.NextDouble() < 0.5,
            ResultIssuedElectronically = level == OnlineLevel.FullyOnline || _random.NextDouble() < 0.2,
            SourceSystem = SourceSystem,
            SourceVersion = 1,
            UpdatedAt = received,
        };

        var r = _random.NextDouble();
        var supplements = r < rates.TwoSupplements ? 2 : r < rates.Supplement ? 1 : 0;
        var span = due - received;
        var cursor = received;
        for (var s = 0; s < supplements; s++)
        {
            var requested = cursor + (span * 0.2);
            var resumed = requested + TimeSpan.FromHours(_random.Next(4, 72));
            dossier.Supplements.Add(new SupplementRequest { RequestedAt = requested, ResumedAt = resumed });
            cursor = resumed;
        }

        var paused = dossier.Supplements.Aggregate(TimeSpan.Zero, (sum, s) => sum + (s.ResumedAt!.Value - s.RequestedAt));
        var finished = _random.NextDouble() < rates.Late
            ? due + paused + TimeSpan.FromHours(_random.Next(2, 120))
            : cursor + ((due + paused - cursor) * (0.1 + (_random.NextDouble() * 0.85)));
        var outcome = _random.NextDouble();
        var status = outcome < rates.Refused * 0.6 ? DossierStatus.Refused : outcome < rates.Refused ? DossierStatus.Withdrawn : DossierStatus.Returned;
        CloseOrLeaveOpen(dossier, status, finished, finished + TimeSpan.FromHours(_random.Next(0, 48)));
        return dossier.EnsureValid();
    }

    /// <summary>Sets the dossier's outcome, or leaves it open when that outcome lies after the demo's "now".</summary>
    private static void CloseOrLeaveOpen(Dossier dossier, DossierStatus status, DateTime finished, DateTime returned)
    {
        var asOf = AsOfUtc;
        if (finished <= asOf)
        {
            dossier.Status = status == DossierStatus.Returned && returned > asOf ? DossierStatus.Finished : status;
            dossier.FinishedAt = finished;
            dossier.ReturnedAt = dossier.Status == DossierStatus.Returned ? returned : null;
            dossier.UpdatedAt = dossier.ReturnedAt ?? finished;
            return;
        }

        dossier.Supplements.RemoveAll(s => s.RequestedAt > asOf);
        dossier.Status = DossierStatus.InProgress;
        if (dossier.Supplements.Count > 0 && dossier.Supplements[^1].ResumedAt > asOf)
        {
            dossier.Supplements[^1].ResumedAt = null;
            dossier.Status = DossierStatus.SupplementRequested;
        }
    }

    private void AddDossierLetters(Dossier dossier, double quality)
    {
        var civilEvent = dossier.Procedure!.CivilEvent;
        if (civilEvent != CivilEvent.None && Dossier.IsFinished(dossier.Status) && _random.NextDouble() < 0.9)
        {
            AddLetter(dossier, LetterKindFor(civilEvent), dossier.ReturnedAt ?? dossier.FinishedAt!.Value, "Chủ tịch UBND " + dossier.Unit!.Name);
        }

        var open = dossier.Status is DossierStatus.InProgress or DossierStatus.SupplementRequested;
        if ((Dossier.IsFinished(dossier.Status) || open) && dossier.IsLate(AsOfUtc) && _random.NextDouble() < 0.5 + (quality * 0.5))
        {
            // Thư xin lỗi: sent when the appointment is missed, with the new appointment.
            var issued = dossier.FinishedAt is { } finished && finished < dossier.EffectiveDueAt ? finished : dossier.EffectiveDueAt;
            AddLetter(dossier, LetterKind.LateApology, issued, "Chủ tịch UBND " + dossier.Unit!.Name, newAppointment: dossier.FinishedAt ?? issued.AddDays(3),
                reason: DelayReasons[int.Parse(dossier.Code[^4..], System.Globalization.CultureInfo.InvariantCulture) % DelayReasons.Length]);
        }
    }

    private static readonly string[] DelayReasons =
    [
        "Hồ sơ cần xác minh thêm thông tin với cơ quan liên quan",
        "Cơ quan phối hợp chưa trả kết quả liên thông đúng hạn",
        "Hệ thống phần mềm gặp sự cố, chưa ký số được kết quả",
        "Công chức xử lý hồ sơ nghỉ ốm đột xuất",
    ];

    private static LetterKind LetterKindFor(CivilEvent civilEvent) =>
        Letter.ForCivilEvent(civilEvent) ?? throw new ArgumentOutOfRangeException(nameof(civilEvent));

    /// <summary>Letters of the demo were issued by hand at the counter, before the proposal job existed.</summary>
    private void AddLetter(Dossier dossier, LetterKind kind, DateTime issued, string issuedBy, DateTime? newAppointment = null, string? reason = null) =>
        Letters.Add(new Letter
        {
            Unit = dossier.Unit,
            Kind = kind,
            State = LetterState.Issued,
            Dossier = dossier,
            RecipientName = dossier.Applicant.Name ?? RandomName(),
            IssuedAt = issued,
            IssuedBy = issuedBy,
            Delivery = LetterDelivery.Printed,
            PrintedAt = issued,
            NewAppointmentAt = newAppointment,
            Reason = reason,
        }.EnsureValid());

    private void AddSurvey(AdministrativeUnit unit, Dossier? dossier, DateTime surveyedAt, bool satisfied)
    {
        int Score() => satisfied ? _random.Next(4, 6) : _random.Next(1, 4);
        var channel = dossier?.Channel == DossierChannel.Online ? SurveyChannel.Online : (SurveyChannel)_random.Next(1, 5);
        Surveys.Add(new SatisfactionSurvey
        {
            Key = $"KS-{unit.Code}-{++_surveyNumber:000000}",
            Unit = unit,
            Dossier = dossier,
            DossierCode = dossier?.Code,
            SurveyedAt = surveyedAt,
            Channel = dossier is null ? SurveyChannel.Paper : channel,
            AccessScore = Score(),
            ProcedureScore = Score(),
            StaffAttitudeScore = satisfied ? 5 : Score(),
            TimelinessScore = Score(),
            ResultScore = Score(),
            FeedbackHandlingScore = _random.NextDouble() < 0.7 ? Score() : null,
            Satisfied = satisfied,
            Comment = satisfied ? null : "Thời gian chờ lâu",
            SourceSystem = SourceSystem,
            SourceVersion = 1,
            UpdatedAt = surveyedAt,
        }.EnsureValid());
    }

    private void AddReception(AdministrativeUnit unit, DateOnly day, HostRole role, string host) =>
        Receptions.Add(new ReceptionSession
        {
            Unit = unit,
            HeldOn = day,
            HostName = host,
            HostRole = role,
            CitizensReceived = _random.Next(1, 9),
            Topic = "Tiếp công dân định kỳ",
            Outcome = "Đã hướng dẫn, trả lời công dân",
            Matters = [new ReceptionMatter { Content = "Hỏi về thủ tục hành chính, chính sách", Handling = MatterHandling.AnsweredOnTheSpot, Result = "Đã hướng dẫn, trả lời trực tiếp" }],
        }.EnsureValid());

    private void GenerateReceptions(AdministrativeUnit unit, DateOnly from, DateOnly to, double quality)
    {
        for (var month = new DateOnly(from.Year, from.Month, 1); month < to; month = month.AddMonths(1))
        {
            var start = Max(month, from);
            var end = Min(month.AddMonths(1), to);
            var chairman = RandomName();
            var sessions = new[]
            {
                (HostRole.PartySecretary, (int)Math.Round(2 * quality * (0.7 + (_random.NextDouble() * 0.6)))),
                (HostRole.Chairman, _random.Next(1, 4)),
                (HostRole.ViceChairman, _random.Next(0, 3)),
                (HostRole.Official, _random.Next(1, 4)),
            };
            foreach (var (role, count) in sessions)
            {
                for (var i = 0; i < count; i++)
                {
                    var day = RandomWorkingDay(start, end);
                    if (day != default && day <= DateOnly.FromDateTime(AsOfLocal))
                    {
                        AddReception(unit, day, role, role == HostRole.Chairman ? chairman : RandomName());
                    }
                }
            }
        }
    }

    private void GeneratePetitions(AdministrativeUnit unit, DateOnly from, DateOnly to, double scale)
    {
        string[] subjects = ["Tranh chấp ranh giới đất ở", "Ô nhiễm tiếng ồn cơ sở sản xuất", "Chế độ chính sách người có công", "Bồi thường giải phóng mặt bằng", "Xây dựng trái phép"];
        var count = _random.Next(0, (int)(2 * scale) + 1);
        for (var i = 0; i < count; i++)
        {
            var received = RandomWorkingDay(from, to);
            if (received == default)
            {
                continue;
            }

            var resolvedOn = received.AddDays(_random.Next(10, 90));
            var resolved = resolvedOn <= DateOnly.FromDateTime(AsOfLocal) && _random.NextDouble() < 0.9;
            var own = _random.NextDouble() < 0.7;
            var forwardedOn = own ? (DateOnly?)null : _calendar.AddWorkingDays(received, 5);
            AddPetition(new Petition
            {
                Unit = unit,
                Kind = (PetitionKind)_random.Next(1, 5),
                Subject = subjects[_random.Next(subjects.Length)],
                ReceivedOn = received,
                Jurisdiction = own ? Jurisdiction.Own : Jurisdiction.Forwarded,
                Status = resolved ? PetitionStatus.Resolved : own ? PetitionStatus.Assigned : PetitionStatus.Forwarded,
                AcceptedOn = own ? Min(_calendar.AddWorkingDays(received, 2), resolvedOn) : null,
                AssignedTo = own ? "Công chức Tư pháp – Hộ tịch" : null,
                ForwardedOn = forwardedOn,
                ForwardedTo = own ? null : "Cơ quan cấp tỉnh có thẩm quyền",
                ResolvedOn = resolved ? resolvedOn : null,
                ResolvedBy = resolved && !own ? "Cơ quan cấp tỉnh có thẩm quyền" : null,
            });
        }
    }

    private void AddPetition(Petition petition)
    {
        petition.RefreshDeadline(_calendar);
        Petitions.Add(petition.EnsureValid());
    }

    private Procedure PickProcedure(int quarter)
    {
        var weights = ProcedureWeights.ToArray();
        if (quarter is 1 or 4)
        {
            weights[1] *= 1.6; // mùa cưới: weddings cluster around Tết
        }

        var pick = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            pick -= weights[i];
            if (pick < 0)
            {
                return Procedures[i];
            }
        }

        return Procedures[^1];
    }

    private string NextCode(AdministrativeUnit unit, DateTime receivedUtc)
    {
        var day = VietnamTime.LocalDate(receivedUtc);
        var key = (unit.Code, day);
        var sequence = _sequences.GetValueOrDefault(key) + 1;
        _sequences[key] = sequence;
        return $"000.00.{unit.Code}.H56-{day:yyMMdd}-{sequence:0000}";
    }

    private DateTime RandomOfficeTime(DateOnly from, DateOnly to)
    {
        var day = RandomWorkingDay(from, to);
        var minutes = 7 * 60 + 30 + _random.Next(0, 9 * 60);
        return VietnamTime.ToUtc(day, new TimeOnly(minutes / 60, minutes % 60));
    }

    /// <summary>A random working day in [from, to); default when the range has none.</summary>
    private DateOnly RandomWorkingDay(DateOnly from, DateOnly to)
    {
        if (to <= from)
        {
            return default;
        }

        for (var attempt = 0; attempt < 50; attempt++)
        {
            var day = from.AddDays(_random.Next(0, to.DayNumber - from.DayNumber));
            if (_calendar.IsWorkingDay(day))
            {
                return day;
            }
        }

        return default;
    }

    private string RandomName() =>
        $"{FamilyNames[_random.Next(FamilyNames.Length)]} {MiddleNames[_random.Next(MiddleNames.Length)]} {GivenNames[_random.Next(GivenNames.Length)]}";

    private Applicant RandomApplicant() => new()
    {
        Name = RandomName(),
        IdNumber = $"038{_random.Next(0, 1_000_000_000):000000000}", // 038: Thanh Hóa's prefix in the citizen ID
        Phone = $"09{_random.Next(0, 100_000_000):00000000}",
    };

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
