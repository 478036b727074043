//! Notifications: what happened, posted to the receivers `--notify` names.
//!
//! Events: `report.imported` (its figures), `project.turned_red` and
//! `project.stalled` (name, serial, lead unit, rate, expected rate, the
//! console's page), `collection.returned` (a unit's return merged) and
//! `collection.overdue` (a deadline passed with units missing; once). A
//! plain URL gets the event as JSON; `wecom:URL` and `dingtalk:URL` (with
//! `#secret=…` to sign) get the 企业微信 or 钉钉 group robot's markdown
//! message in Chinese.
//!
//! Delivery runs in the background, off the run log's broadcast: an import
//! never waits for a receiver, and a receiver that fails never fails an
//! import. Each delivery is recorded (`notifications`), retried with
//! backoff, and the URLs' secrets are hidden wherever they are shown.

use std::time::Duration;

use chrono::Utc;
use entity::{collection_deadline, notification, sync_run};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
};
use serde_json::{json, Value};

use crate::domain::{Light, ProgressStatus};
use crate::redact::redact_url;

/// Attempts per delivery.
const ATTEMPTS: u32 = 5;
/// Reports of more projects are told as figures only: judging each
/// project against the report before reads both whole, and a roll-up of
/// tens of thousands of projects is no group chat's reading either.
const MAX_JUDGED_PROJECTS: i32 = 5_000;

/// How a receiver is spoken to.
#[derive(Clone, PartialEq, Eq)]
pub enum Kind {
    /// The event as JSON.
    Json,
    /// 企业微信 group robot (markdown).
    Wecom,
    /// 钉钉 group robot (markdown), signed when a secret is given.
    Dingtalk(Option<String>),
}

/// One receiver of notifications.
#[derive(Clone, PartialEq, Eq)]
pub struct Target {
    kind: Kind,
    url: String,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

impl Target {
    /// Reads `URL`, `wecom:URL` or `dingtalk:URL[#secret=…]`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let spec = spec.trim();
        let (kind, url) = if let Some(url) = spec.strip_prefix("wecom:") {
            (Kind::Wecom, url.to_owned())
        } else if let Some(rest) = spec.strip_prefix("dingtalk:") {
            match rest.split_once("#secret=") {
                Some((url, secret)) => (Kind::Dingtalk(Some(secret.to_owned())), url.to_owned()),
                None => (Kind::Dingtalk(None), rest.to_owned()),
            }
        } else {
            (Kind::Json, spec.to_owned())
        };
        match reqwest::Url::parse(&url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(Self { kind, url }),
            _ => Err(format!(
                "'{}' is not an http(s) URL; write URL, wecom:URL or dingtalk:URL#secret=…",
                redact_url(&url)
            )),
        }
    }

    /// The receiver as runs, logs and the API show it: secrets hidden.
    pub fn shown(&self) -> String {
        let prefix = match self.kind {
            Kind::Json => "",
            Kind::Wecom => "wecom:",
            Kind::Dingtalk(_) => "dingtalk:",
        };
        format!("{prefix}{}", redact_url(&self.url))
    }

    /// The URL to post to: a signed DingTalk URL carries its timestamp and
    /// signature.
    fn url_now(&self) -> String {
        let Kind::Dingtalk(Some(secret)) = &self.kind else {
            return self.url.clone();
        };
        use base64::Engine;
        use hmac::{Hmac, Mac};
        let timestamp = Utc::now().timestamp_millis();
        let sign = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
            .map(|mut mac| {
                mac.update(format!("{timestamp}\n{secret}").as_bytes());
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
            })
            .unwrap_or_default();
        let sign: String = serde_urlencoded::to_string([("sign", sign)]).unwrap_or_default();
        let joiner = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{joiner}timestamp={timestamp}&{sign}", self.url)
    }

    /// The body `event` is posted as to this receiver.
    fn body(&self, event: &Event) -> Value {
        match self.kind {
            Kind::Json => json!({"event": event.kind, "title": event.title, "data": event.data}),
            Kind::Wecom => json!({
                "msgtype": "markdown",
                "markdown": {"content": event.markdown()},
            }),
            Kind::Dingtalk(_) => json!({
                "msgtype": "markdown",
                "markdown": {"title": event.title, "text": event.markdown()},
            }),
        }
    }
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// report.imported, project.turned_red, …
    pub kind: &'static str,
    /// A line in Chinese.
    pub title: String,
    /// The markdown lines under the title.
    pub lines: Vec<String>,
    /// The event's figures, for JSON receivers.
    pub data: Value,
}

impl Event {
    fn markdown(&self) -> String {
        let mut out = format!("**{}**", self.title);
        for l in &self.lines {
            out.push_str("\n> ");
            out.push_str(l);
        }
        out
    }
}

/// Settings of the notifier.
#[derive(Clone, Debug)]
pub struct Notifier {
    /// The receivers.
    pub targets: Vec<Target>,
    /// The wait before the second attempt; doubled for each next one.
    pub backoff: Duration,
    /// The console's address as the receivers' readers reach it, for links.
    pub public_url: Option<String>,
    /// How often deadlines are looked at.
    pub overdue_every: Duration,
}

fn num(v: f64) -> String {
    let s = format!("{:.2}", (v * 100.0).round() / 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "未填".to_owned(), |v| format!("{}%", num(v)))
}

impl Notifier {
    fn link(&self, path: &str) -> Option<String> {
        self.public_url
            .as_ref()
            .map(|base| format!("{}{path}", base.trim_end_matches('/')))
    }

    /// What a finished run tells: nothing unless it wrote a report.
    pub async fn events_of_run(
        &self,
        db: &DatabaseConnection,
        run: &sync_run::Model,
    ) -> Result<Vec<Event>, DbErr> {
        let (Some(report_id), "SUCCEEDED") = (run.report_id, run.status.as_str()) else {
            return Ok(Vec::new());
        };
        let Some(report) = crate::service::reports::report(db, report_id).await? else {
            return Ok(Vec::new());
        };
        let report = &report;
        let figures = crate::service::summary::report_figures(db, &[report_id])
            .await?
            .remove(&report_id)
            .unwrap_or_default();
        let expected = crate::domain::expected_rate(report.as_of);
        let count = |l: Light| {
            figures
                .by_light
                .iter()
                .find(|(x, _)| *x == l)
                .map_or(0, |(_, n)| *n)
        };
        let mut events = vec![Event {
            kind: "report.imported",
            title: format!(
                "{}{}年{}调度表已导入",
                report.issuer, report.year, report.period
            ),
            lines: vec![
                format!(
                    "项目 {} 项，已完成 {} 项，平均完成率 {}，序时进度 {}%",
                    figures.project_count,
                    figures.completed_count,
                    pct(figures.average_rate),
                    num(expected)
                ),
                format!(
                    "绿灯 {} · 黄灯 {} · 红灯 {}",
                    count(Light::Green),
                    count(Light::Yellow),
                    count(Light::Red)
                ),
            ],
            data: json!({
                "report": {"id": report.id, "issuer": report.issuer, "year": report.year,
                           "period": report.period, "asOf": report.as_of.to_string()},
                "projectCount": figures.project_count, "completedCount": figures.completed_count,
                "averageRate": figures.average_rate, "expectedRate": expected,
                "byLight": {"GREEN": count(Light::Green), "YELLOW": count(Light::Yellow), "RED": count(Light::Red)},
                "run": {"id": run.id, "source": run.source, "uploadedBy": run.uploaded_by},
            }),
        }];
        if report.project_count > MAX_JUDGED_PROJECTS {
            events[0].lines.push(format!(
                "本表 {} 个项目，亮红灯和停滞的项目请在系统中查看",
                report.project_count
            ));
        } else {
            events.extend(self.project_events(db, report, expected).await?);
        }
        if let (true, Some(unit)) = (run.merged, &run.form_unit) {
            if let Some(c) = crate::service::collection::collection(
                db,
                report.year,
                &report.issuer,
                Some(report.as_of),
            )
            .await?
            {
                let returned = c.units.iter().filter(|u| u.run.is_some()).count();
                events.push(Event {
                    kind: "collection.returned",
                    title: format!("{unit}已报送{}填报表", c.period),
                    lines: vec![format!("已报 {returned}/{}", c.units.len())],
                    data: json!({"unit": unit, "period": c.period, "asOf": c.as_of.to_string(),
                                 "returnedCount": returned, "expectedCount": c.units.len()}),
                });
            }
        }
        Ok(events)
    }

    /// Each project of `report` against its entry in the report before:
    /// turned red, or stalled.
    async fn project_events(
        &self,
        db: &DatabaseConnection,
        report: &entity::report::Model,
        expected: f64,
    ) -> Result<Vec<Event>, DbErr> {
        let mut events = Vec::new();
        let Some(table) = crate::service::reports::report_table(db, report.id).await? else {
            return Ok(events);
        };
        // Each project against its entry in the report before.
        let before = crate::service::reports::report_as_of(
            db,
            report.year,
            Some(&report.issuer),
            report.as_of.pred_opt(),
        )
        .await?;
        let previous = match before {
            Some(b) => crate::service::reports::report_table(db, b.id)
                .await?
                .map(|t| t.rows)
                .unwrap_or_default(),
            None => Vec::new(),
        };
        for row in &table.rows {
            let now = &row.entry;
            let was = previous
                .iter()
                .find(|p| p.project.id == row.project.id)
                .map(|p| &p.entry);
            let light = now.light();
            let rate = now.progress.completion_rate;
            let turned_red = light == Light::Red && was.is_none_or(|w| w.light() != Light::Red);
            let stalled = now.status() != ProgressStatus::Completed
                && was.is_some_and(|w| w.progress.completion_rate == rate);
            for (kind, happened, word) in [
                ("project.turned_red", turned_red, "亮红灯"),
                ("project.stalled", stalled, "进度停滞"),
            ] {
                if !happened {
                    continue;
                }
                let lead = row.units.first().cloned().unwrap_or_default();
                let path = format!("/projects/{}", row.project.id);
                let serial = row
                    .project
                    .serial_no
                    .map_or_else(String::new, |s| format!("（第{s}项）"));
                let mut lines = vec![
                    format!("牵头单位：{lead}"),
                    format!("完成率 {}，序时进度 {}%", pct(rate), num(expected)),
                ];
                if let Some(link) = self.link(&path) {
                    lines.push(format!("[查看项目]({link})"));
                }
                events.push(Event {
                    kind,
                    title: format!("项目{word}：{}{serial}", row.project.name),
                    lines,
                    data: json!({
                        "project": {"id": row.project.id, "name": row.project.name,
                                    "serialNo": row.project.serial_no, "leadUnit": lead,
                                    "path": path, "url": self.link(&path)},
                        "completionRate": rate, "expectedRate": expected,
                        "report": {"id": report.id, "period": report.period, "asOf": report.as_of.to_string()},
                    }),
                });
            }
        }
        Ok(events)
    }

    /// The deadlines passed with units missing whose notice has not gone
    /// out, as events, each marked sent.
    pub async fn overdue_events(&self, db: &DatabaseConnection) -> Result<Vec<Event>, DbErr> {
        let due = collection_deadline::Entity::find()
            .filter(collection_deadline::Column::Deadline.lte(Utc::now()))
            .filter(collection_deadline::Column::OverdueNotifiedAt.is_null())
            .all(db)
            .await?;
        let mut events = Vec::new();
        for d in due {
            let c = crate::service::collection::collection(db, d.year, &d.issuer, Some(d.as_of))
                .await?;
            let mut seen: collection_deadline::ActiveModel = d.clone().into();
            seen.overdue_notified_at = Set(Some(Utc::now()));
            seen.update(db).await?;
            let Some(c) = c else { continue };
            let missing: Vec<String> = c
                .units
                .iter()
                .filter(|u| u.run.is_none())
                .map(|u| u.unit.name.clone())
                .collect();
            if missing.is_empty() {
                continue;
            }
            events.push(Event {
                kind: "collection.overdue",
                title: format!("{}{}年{}填报已过截止时间", d.issuer, d.year, c.period),
                lines: vec![
                    format!("未报 {} 个单位：{}", missing.len(), missing.join("、")),
                    format!("截止时间：{}", d.deadline.format("%Y-%m-%d %H:%M UTC")),
                ],
                data: json!({"period": c.period, "asOf": c.as_of.to_string(),
                             "deadline": d.deadline.to_rfc3339(), "missing": missing}),
            });
        }
        Ok(events)
    }

    /// Records `event` for every receiver and delivers it, each in a task
    /// of its own.
    pub async fn send(&self, db: &DatabaseConnection, client: &reqwest::Client, event: Event) {
        for target in &self.targets {
            let record = notification::ActiveModel {
                event: Set(event.kind.to_owned()),
                target: Set(target.shown()),
                status: Set("PENDING".to_owned()),
                attempts: Set(0),
                summary: Set(event.title.clone()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await;
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    tracing::error!(error = %e, "a notification could not be recorded");
                    continue;
                }
            };
            let (db, client, target, body, backoff) = (
                db.clone(),
                client.clone(),
                target.clone(),
                target.body(&event),
                self.backoff,
            );
            tokio::spawn(async move {
                deliver(&db, &client, &target, &body, record, backoff).await;
            });
        }
    }
}

/// Posts `body` to `target`, up to [`ATTEMPTS`] times with doubling waits,
/// and records how it went. A 2xx answer is delivered (a robot's own
/// `errcode` other than 0 is a failure too).
async fn deliver(
    db: &DatabaseConnection,
    client: &reqwest::Client,
    target: &Target,
    body: &Value,
    record: notification::Model,
    backoff: Duration,
) {
    let mut wait = backoff;
    let mut last_error = None;
    let mut attempts = 0;
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2);
        }
        attempts += 1;
        let sent = client.post(target.url_now()).json(body).send().await;
        match sent {
            Ok(resp) if resp.status().is_success() => {
                let answer: Value = resp.json().await.unwrap_or(Value::Null);
                match answer.get("errcode").and_then(Value::as_i64) {
                    Some(code) if code != 0 => {
                        last_error = Some(format!(
                            "the robot answered errcode {code}: {}",
                            answer
                                .get("errmsg")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                        ));
                    }
                    _ => {
                        last_error = None;
                        break;
                    }
                }
            }
            Ok(resp) => last_error = Some(format!("the receiver answered {}", resp.status())),
            Err(e) => {
                last_error = Some(if e.is_timeout() {
                    "the receiver did not answer in time".to_owned()
                } else {
                    "the receiver could not be reached".to_owned()
                })
            }
        }
    }
    let delivered = last_error.is_none();
    if !delivered {
        tracing::warn!(target = %target.shown(), error = ?last_error, "a notification was not delivered");
    }
    let mut done: notification::ActiveModel = record.into();
    done.attempts = Set(attempts);
    done.status = Set(if delivered { "DELIVERED" } else { "FAILED" }.to_owned());
    done.last_error = Set(last_error);
    done.delivered_at = Set(delivered.then(Utc::now));
    if let Err(e) = done.update(db).await {
        tracing::error!(error = %e, "a notification's delivery could not be recorded");
    }
}

/// Runs the notifier until the process ends: the events of every run
/// `runs` reports, and every `overdue_every` the deadlines passed.
pub async fn run(
    notifier: Notifier,
    db: DatabaseConnection,
    mut runs: tokio::sync::broadcast::Receiver<sync_run::Model>,
) {
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "notifications are off: no HTTP client");
            return;
        }
    };
    let mut tick = tokio::time::interval(notifier.overdue_every);
    loop {
        tokio::select! {
            run = runs.recv() => match run {
                Ok(run) => match notifier.events_of_run(&db, &run).await {
                    Ok(events) => {
                        for e in events {
                            notifier.send(&db, &client, e).await;
                        }
                    }
                    Err(e) => tracing::error!(error = %e, "a run's notifications could not be made"),
                },
                Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "notifications missed runs (too many at once)");
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            },
            _ = tick.tick() => match notifier.overdue_events(&db).await {
                Ok(events) => {
                    for e in events {
                        notifier.send(&db, &client, e).await;
                    }
                }
                Err(e) => tracing::error!(error = %e, "deadlines could not be looked at"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receivers_read_and_hide_their_secrets() {
        let w = Target::parse("wecom:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc123")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!w.shown().contains("abc123"), "{}", w.shown());
        assert!(w.shown().starts_with("wecom:https://"));
        let d = Target::parse(
            "dingtalk:https://oapi.dingtalk.com/robot/send?access_token=t0k#secret=SEC1",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!format!("{d:?}").contains("SEC1") && !d.shown().contains("t0k"));
        let signed = d.url_now();
        assert!(
            signed.contains("&timestamp=") && signed.contains("&sign="),
            "{signed}"
        );
        assert!(Target::parse("ftp://x").is_err());
        assert!(Target::parse("not a url").is_err());
    }
}
