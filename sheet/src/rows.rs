//! The rows under a header, read into project records: categories, marked
//! serials, sub-items, rows that continue a project, totals and footers;
//! then the identity and serial checks of a sheet.

use super::*;

/// One sheet's projects and warnings.
pub(super) struct SheetPart {
    pub(super) projects: Vec<ProjectRecord>,
    pub(super) warnings: Vec<Warning>,
}

/// Reads the projects under `header` on `grid`.
pub(super) fn read_sheet(mut grid: Grid, header: &Header) -> Result<SheetPart, SheetError> {
    let rows = std::mem::take(&mut grid.rows);
    let mut reader = RowReader::new(&grid, header, &rows);
    // Each row is dropped once read, so the sheet and the records it
    // becomes are not held in full at once.
    reader.read_rows(rows);
    let RowReader {
        projects,
        mut warnings,
        ..
    } = reader;
    if projects.is_empty() {
        return Err(SheetError::NoProjectRows {
            sheet: grid.name.clone(),
            row: header.row as u32 + 1,
        });
    }
    check_identity(&projects)?;
    check_serials(&grid.name, header, &projects, &mut warnings);
    Ok(SheetPart { projects, warnings })
}

pub(super) fn check_identity(projects: &[ProjectRecord]) -> Result<(), SheetError> {
    let mut seen: HashMap<&str, u32> = HashMap::new();
    for p in projects {
        if let Some(first) = seen.insert(&p.normalized_name, p.row) {
            return Err(SheetError::DuplicateProject {
                name: p.name.clone(),
                first,
                second: p.row,
            });
        }
    }
    Ok(())
}

/// Serials should run 1, 2, 3...: a serial that is not its position (117
/// for 17) or repeats is reported, and the row is imported all the same.
fn check_serials(
    sheet: &str,
    header: &Header,
    projects: &[ProjectRecord],
    warnings: &mut Vec<Warning>,
) {
    let column = header.column(Role::Serial).map(|c| header.label(c));
    let mut seen: HashMap<i32, u32> = HashMap::new();
    for (i, p) in projects.iter().enumerate() {
        let Some(serial) = p.serial_no else { continue };
        let expected = i as i32 + 1;
        let mut warn = |code: WarningCode, message| {
            warnings.push(Warning {
                sheet: Some(sheet.to_owned()),
                row: Some(p.row),
                column: column.clone(),
                code: Some(code.as_str().to_owned()),
                message,
            })
        };
        if let Some(first) = seen.insert(serial, p.row) {
            warn(WarningCode::SerialRepeated, format!(
                "serial {serial} repeats the serial of row {first}; both rows are imported, told apart by name"
            ));
        } else if serial != expected {
            warn(WarningCode::SerialOutOfSequence, format!(
                "serial {serial} is out of sequence (expected {expected}); the row is imported as '{}'",
                p.name
            ));
        }
    }
}

const TOTAL_WORDS: [&str; 3] = ["合计", "小计", "总计"];

/// A category heading: 一、教育文化类, （一）省级民生实事（涉我区任务）,
/// 第一类 城市建设.
static CATEGORY: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(?:[一二三四五六七八九十]{1,3}[、.．，,]|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}[类部分项]|[一二三四五六七八九十]{1,3}\s)")
        .ok()
});

/// The number of a sub-item row: ① to ⑳, or （1） when projects are
/// numbered without brackets.
fn item_number(serial: &str, bracketed_serials: bool) -> Option<String> {
    let t = serial.trim();
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if ('\u{2460}'..='\u{2473}').contains(&c) {
            return Some(t.to_owned());
        }
    }
    if bracketed_serials {
        return None;
    }
    let inner = t
        .strip_prefix(['(', '（'])?
        .strip_suffix([')', '）'])?
        .trim();
    (!inner.is_empty() && inner.len() <= 3 && inner.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.to_owned())
}

/// The category a row names, when it is a category row: one text (a
/// merged cell across the table, or a lone cell) that reads as a heading,
/// with no figure anywhere in the row.
fn category_of(cells: &[Cell]) -> Option<String> {
    let words: Vec<&Cell> = cells.iter().filter(|c| !c.is_blank()).collect();
    let [only] = words.as_slice() else {
        return None;
    };
    if only.number.is_some() {
        return None;
    }
    let text = clean(&only.text);
    let heading = CATEGORY.as_ref().is_some_and(|re| re.is_match(&text))
        || (text.chars().count() <= 20 && (text.ends_with('类') || text.ends_with("类项目")));
    (heading && text.chars().count() <= 60).then_some(text)
}
const FOOTER_WORDS: [&str; 5] = ["注", "备注", "说明", "填报人", "审核人"];

/// Walks the rows under the header, building project records.
struct RowReader<'a> {
    grid: &'a Grid,
    header: &'a Header,
    /// The header rows' words, per row, to know a header repeated below.
    header_rows: Vec<Vec<(usize, String)>>,
    /// The category row read last.
    category: Option<String>,
    /// The last project's serial was written in brackets (（3）): then a
    /// bracketed number is a project's, not a sub-item's.
    bracketed_serials: bool,
    /// Projects whose own row is their first sub-item (a sub-item column
    /// beside a merged 序号), so its rate is that item's unless it is the
    /// only one.
    row_is_item: Vec<usize>,
    rate_is_fraction: bool,
    projects: Vec<ProjectRecord>,
    warnings: Vec<Warning>,
}

impl<'a> RowReader<'a> {
    fn new(grid: &'a Grid, header: &'a Header, rows: &[Vec<Cell>]) -> Self {
        // Shares of 1 (0.52 for 52%) when every number in the column is at
        // most 1 and one is a fraction; a column of whole 0s and 1s is
        // shares too unless its header says % (then 1 is 1%).
        let rate_is_fraction = header.column(Role::Rate).is_some_and(|col| {
            let numbers: Vec<f64> = rows[(header.row + 1).min(rows.len())..]
                .iter()
                .filter_map(|r| r.get(col).and_then(|c| c.number))
                .collect();
            let says_percent = header.label(col).contains(['%', '％']);
            !numbers.is_empty()
                && numbers.iter().all(|n| (0.0..=1.0).contains(n))
                && (!says_percent || numbers.iter().any(|n| n.fract() != 0.0))
        });
        let header_rows = rows[header.top.min(rows.len())..(header.row + 1).min(rows.len())]
            .iter()
            .map(|cells| {
                cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.is_blank())
                    .map(|(i, c)| (i, columns::header_key(&c.text)))
                    .collect()
            })
            .collect();
        // At most one project per row: reserved once, not grown by doubling.
        let rows = rows.len().saturating_sub(header.row + 1);
        Self {
            grid,
            header,
            header_rows,
            category: None,
            bracketed_serials: false,
            row_is_item: Vec::new(),
            rate_is_fraction,
            projects: Vec::with_capacity(rows),
            warnings: Vec::new(),
        }
    }

    fn text(&self, cells: &[Cell], role: Role) -> String {
        self.header
            .column(role)
            .and_then(|c| cells.get(c))
            .map(|c| clean(&c.text))
            .unwrap_or_default()
    }

    fn units(&self, cells: &[Cell]) -> Vec<String> {
        [Role::Units, Role::CoUnits]
            .into_iter()
            .flat_map(|role| self.header.columns(role).collect::<Vec<_>>())
            .filter_map(|c| cells.get(c))
            .flat_map(|c| split_units(&c.text))
            .collect()
    }

    fn warn(&mut self, row: u32, col: Option<usize>, code: WarningCode, message: String) {
        self.warnings.push(Warning {
            sheet: Some(self.grid.name.clone()),
            row: Some(row),
            column: col.map(|c| self.header.label(c)),
            code: Some(code.as_str().to_owned()),
            message,
        });
    }

    fn read_rows(&mut self, rows: Vec<Vec<Cell>>) {
        for (i, cells) in rows.into_iter().enumerate().skip(self.header.row + 1) {
            let cells = cells.as_slice();
            let row = i as u32 + 1;
            if cells.iter().all(Cell::is_blank) || self.is_repeated_header(cells) {
                continue;
            }
            if let Some(category) = category_of(cells) {
                self.category = Some(category);
                continue;
            }
            let serial_text = self.text(cells, Role::Serial);
            let goal = self.text(cells, Role::Goal);
            let lead = if serial_text.is_empty() {
                &goal
            } else {
                &serial_text
            };
            let lead = lead.trim_start_matches(['(', '（']);
            // Two-character words are often spaced out: 合 计, 总　计.
            let unspaced =
                |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
            let (lead_word, goal_word) = (unspaced(lead), unspaced(&goal));
            if TOTAL_WORDS
                .iter()
                .any(|w| lead_word.starts_with(w) || goal_word.starts_with(w))
            {
                continue;
            }
            let serial_cell = self.header.column(Role::Serial).and_then(|c| cells.get(c));
            let (serial, mark) =
                serial_cell.map_or((None, None), |c| parse_marked_serial(&c.text, c.number));
            if serial.is_none() && FOOTER_WORDS.iter().any(|w| lead.starts_with(w)) {
                continue;
            }
            let serial_raw = clean(&serial_text);
            if let Some(number) = item_number(&serial_raw, self.bracketed_serials) {
                if !self.projects.is_empty() {
                    self.push_item(cells, row, Some(number));
                    continue;
                }
            }
            if goal.is_empty() && serial.is_none() {
                if self.has_own_figures(cells) || !self.text(cells, Role::Item).is_empty() {
                    self.push_item(cells, row, None);
                } else {
                    self.continue_previous(cells, row);
                }
                continue;
            }
            // A row with a goal but no 序号 under a numbered project, its
            // 序号 merged over it or its own rate given: a sub-item.
            if serial.is_none()
                && self.projects.last().is_some_and(|p| p.serial_no.is_some())
                && self.header.column(Role::Serial).is_some_and(|c| {
                    self.grid.merge_at(i, c).is_some() || self.has_own_figures(cells)
                })
            {
                self.push_item(cells, row, None);
                continue;
            }
            if goal.is_empty() {
                let col = self.header.column(Role::Goal);
                self.warn(
                    row,
                    col,
                    WarningCode::NoGoal,
                    format!("row has serial {serial_text} but no goal text; skipped"),
                );
                continue;
            }
            let mut record = self.record(cells, row, serial, goal);
            record.serial_mark = mark;
            record.category = Some(self.text(cells, Role::Category))
                .filter(|t| !t.is_empty())
                .or_else(|| self.category.clone());
            self.bracketed_serials = serial_raw.starts_with(['(', '（']);
            let item_name = self.text(cells, Role::Item);
            if !item_name.is_empty() {
                let item = self.item(cells, row, None, item_name, &record);
                record.items.push(item);
                if !self.rate_spans_block(i) {
                    self.row_is_item.push(self.projects.len());
                }
            }
            self.projects.push(record);
        }
        self.settle_items();
    }

    /// True when the row gives figures of its own: a rate, or the target
    /// and done a rate is computed from (a merged cell's rows below its
    /// first are blank, so they give none).
    fn has_own_figures(&self, cells: &[Cell]) -> bool {
        let given = |role| {
            self.header
                .column(role)
                .and_then(|c| cells.get(c))
                .is_some_and(|c| !c.is_blank())
        };
        given(Role::Rate)
            || (self.header.column(Role::Rate).is_none()
                && given(Role::Target)
                && given(Role::Done))
    }

    /// The rate cell of row `i` is merged down over the rows below: the
    /// project's rate, over its items' own.
    fn rate_spans_block(&self, i: usize) -> bool {
        self.header.column(Role::Rate).is_some_and(|c| {
            self.grid
                .merged
                .iter()
                .any(|m| m.top as usize == i && m.left as usize == c && m.bottom as usize > i)
        })
    }

    /// A sub-item read from `cells`, named `name`.
    fn item(
        &mut self,
        cells: &[Cell],
        row: u32,
        serial: Option<String>,
        name: String,
        project: &ProjectRecord,
    ) -> ItemRecord {
        let figure = |role| Some(self.text(cells, role)).filter(|t| !t.is_empty());
        let (target, done, measure) = (
            figure(Role::Target),
            figure(Role::Done),
            figure(Role::Measure),
        );
        let (rate, raw_rate) = if row == project.row {
            (project.rate, project.raw_rate.clone())
        } else {
            self.rate_of(cells, row)
        };
        ItemRecord {
            row,
            serial,
            name,
            units: self.units(cells),
            target,
            done,
            measure,
            rate,
            raw_rate,
        }
    }

    /// Row `row` as a sub-item of the project above: named by the
    /// sub-item column, else its goal or name text, else its number.
    fn push_item(&mut self, cells: &[Cell], row: u32, serial: Option<String>) {
        let Some(last) = self.projects.pop() else {
            return;
        };
        let name = [Role::Item, Role::Goal, Role::Name]
            .into_iter()
            .map(|r| self.text(cells, r))
            .find(|t| !t.is_empty())
            .or_else(|| serial.clone())
            .unwrap_or_else(|| format!("第{}项", last.items.len() + 1));
        let item = self.item(cells, row, serial, name, &last);
        self.projects.push(last);
        // Its units and progress text are the project's too.
        self.continue_previous(cells, row);
        if let Some(last) = self.projects.last_mut() {
            last.items.push(item);
        }
    }

    /// Each project with sub-items: a project row that is its own first
    /// item gives that item's rate, not the project's (unless it is the
    /// only item); a project the table gives no rate takes the mean of its
    /// items' (each at most 100), and says so.
    fn settle_items(&mut self) {
        for (i, p) in self.projects.iter_mut().enumerate() {
            if p.items.is_empty() {
                continue;
            }
            if p.items.len() > 1 && self.row_is_item.contains(&i) {
                p.rate = None;
                p.raw_rate.clear();
            }
            if p.rate.is_some() {
                continue;
            }
            let rates: Vec<f64> = p
                .items
                .iter()
                .filter_map(|it| it.rate.map(|r| r.min(100.0)))
                .collect();
            if rates.is_empty() {
                continue;
            }
            let mean = rates.iter().sum::<f64>() / rates.len() as f64;
            p.rate = Some((mean * 100.0).round() / 100.0);
            p.rate_from_items = true;
            let row = p.row;
            let empty = WarningCode::RateEmpty.as_str();
            self.warnings
                .retain(|w| !(w.row == Some(row) && w.code.as_deref() == Some(empty)));
        }
    }

    /// 完成率 from 年度目标 and 已完成 when a table gives those instead:
    /// done / target as a percent, with `done/target` as the text written.
    /// None when either is not a number (a text goal, say) or the target
    /// is not above 0.
    fn rate_from_figures(&self, cells: &[Cell]) -> Option<(RateReading, String)> {
        let figure = |role| -> Option<(f64, String)> {
            let cell = cells.get(self.header.column(role)?)?;
            let text = clean(&cell.text);
            let value = cell.number.or_else(|| text::leading_number(&text))?;
            Some((value, text))
        };
        let (target, target_text) = figure(Role::Target)?;
        let (done, done_text) = figure(Role::Done)?;
        if target <= 0.0 {
            return None;
        }
        let percent = (done / target * 100.0 * 100.0).round() / 100.0;
        let written = format!("{done_text}/{target_text}");
        Some(if (0.0..=text::MAX_RATE).contains(&percent) {
            (RateReading::Percent(percent), written)
        } else {
            (RateReading::OutOfRange(percent), written)
        })
    }

    /// A header printed again further down (a table over several pages):
    /// its goal cell names the goal column, or two of its cells say what
    /// one of the header's rows says in the same columns.
    fn is_repeated_header(&self, cells: &[Cell]) -> bool {
        if self
            .header
            .column(Role::Goal)
            .and_then(|c| cells.get(c))
            .is_some_and(|c| role_of(&c.text) == Some(Role::Goal))
        {
            return true;
        }
        self.header_rows.iter().any(|words| {
            let same = words
                .iter()
                .filter(|(i, key)| {
                    cells
                        .get(*i)
                        .is_some_and(|c| !c.is_blank() && columns::header_key(&c.text) == *key)
                })
                .count();
            same >= 2 && same * 2 >= words.len()
        })
    }

    /// A row with no serial and no goal continues the project above it:
    /// one row per unit, with that unit's part of the progress text.
    fn continue_previous(&mut self, cells: &[Cell], row: u32) {
        let units = self.units(cells);
        let detail = self.text(cells, Role::Progress);
        let remarks = self.text(cells, Role::Remarks);
        let Some(last) = self.projects.last_mut() else {
            self.warn(
                row,
                None,
                WarningCode::StrayRow,
                "row has no serial and no goal and no project above it; skipped".into(),
            );
            return;
        };
        for u in units {
            if !last.units.contains(&u) {
                last.units.push(u);
            }
        }
        if !detail.is_empty() {
            if last.detail.is_empty() {
                last.summary = first_line(&detail);
                last.detail = detail;
            } else {
                last.detail = format!("{}\n{}", last.detail, detail);
            }
        }
        if !remarks.is_empty() {
            last.remarks = Some(match last.remarks.take() {
                Some(r) => format!("{r}\n{remarks}"),
                None => remarks,
            });
        }
    }

    /// The row's 完成率: read from its rate cell, or computed from its
    /// target and done figures when the table gives those instead; every
    /// doubt is a warning. Also the text as written.
    fn rate_of(&mut self, cells: &[Cell], row: u32) -> (Option<f64>, String) {
        let rate_col = self.header.column(Role::Rate);
        let rate_cell = rate_col
            .and_then(|c| cells.get(c))
            .cloned()
            .unwrap_or_default();
        let mut raw_rate = clean(&rate_cell.text);
        let fraction = self.rate_is_fraction || rate_cell.percent;
        let mut reading = parse_rate(&raw_rate, rate_cell.number, fraction);
        let figures = [Role::Target, Role::Done].map(|r| self.header.column(r));
        if let (None, [Some(target), Some(_)]) = (rate_col, figures) {
            match self.rate_from_figures(cells) {
                Some((computed, written)) => {
                    raw_rate = written;
                    reading = computed;
                }
                None => {
                    let shown = |c: Option<usize>| {
                        c.and_then(|c| cells.get(c))
                            .map(|cell| clean(&cell.text))
                            .unwrap_or_default()
                    };
                    let (t, d) = (shown(figures[0]), shown(figures[1]));
                    if !(t.is_empty() && d.is_empty()) {
                        self.warn(
                            row,
                            Some(target),
                            WarningCode::RateUnreadable,
                            format!("年度目标 '{t}' and 已完成 '{d}' are not two numbers with a target above 0; stored with no rate"),
                        );
                    }
                }
            }
        }
        let rate = match reading {
            RateReading::Percent(v) => Some(v),
            RateReading::Approximate(v, why) => {
                self.warn(
                    row,
                    rate_col,
                    WarningCode::RateApproximate,
                    format!("rate '{raw_rate}' is {why}; read as {v}%"),
                );
                Some(v)
            }
            RateReading::Blank => {
                if rate_col.is_some() {
                    self.warn(
                        row,
                        rate_col,
                        WarningCode::RateEmpty,
                        "rate is empty; stored with no rate".into(),
                    );
                }
                None
            }
            RateReading::OutOfRange(v) => {
                self.warn(row, rate_col, WarningCode::RateOutOfRange, format!("rate '{raw_rate}' ({v}) is outside 0..{}; stored with no rate, raw text kept", text::MAX_RATE));
                None
            }
            RateReading::Pace => {
                self.warn(
                    row,
                    rate_col,
                    WarningCode::RateUnreadable,
                    format!("rate '{raw_rate}' says the pace, not a figure; stored with no rate, the words kept"),
                );
                None
            }
            RateReading::Unreadable => {
                self.warn(
                    row,
                    rate_col,
                    WarningCode::RateUnreadable,
                    format!(
                        "rate '{raw_rate}' is not a number; stored with no rate, raw text kept"
                    ),
                );
                None
            }
        };
        (rate, raw_rate)
    }

    fn record(
        &mut self,
        cells: &[Cell],
        row: u32,
        serial: Option<i32>,
        goal: String,
    ) -> ProjectRecord {
        let (rate, raw_rate) = self.rate_of(cells, row);
        let detail = self.text(cells, Role::Progress);
        let remarks = self.text(cells, Role::Remarks);
        let name = match self.text(cells, Role::Name) {
            n if n.is_empty() => name_of(&goal),
            n => name_of(&n),
        };
        // The target, done and measure figures stay as other columns too.
        let known: Vec<usize> = self
            .header
            .roles
            .iter()
            .filter(|(_, r)| !matches!(r, Role::Target | Role::Done | Role::Measure))
            .map(|(c, _)| *c)
            .collect();
        let extra = self
            .header
            .labels
            .iter()
            .filter(|(c, _)| !known.contains(c))
            .filter_map(|(c, label)| {
                let text = cells.get(*c).map(|cell| clean(&cell.text))?;
                (!text.is_empty()).then(|| (label.clone(), text))
            })
            .collect();
        ProjectRecord {
            row,
            serial_no: serial,
            normalized_name: normalize_name(&name),
            name,
            goal,
            units: self.units(cells),
            rate,
            raw_rate,
            summary: first_line(&detail),
            detail,
            remarks: (!remarks.is_empty()).then_some(remarks),
            extra,
            serial_mark: None,
            category: None,
            items: Vec::new(),
            rate_from_items: false,
        }
    }
}
