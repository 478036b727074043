//! Knowing a table's columns by their header text, whatever their order and
//! wording (序号/编号, 责任单位/牵头单位, 完成率（%）...).

use super::workbook::Grid;

/// What a column holds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// 序号
    Serial,
    /// 项目名称: a short name beside the goal column
    Name,
    /// 任务目标
    Goal,
    /// 责任单位 (lead units)
    Units,
    /// 配合单位 (co-units, listed after the lead units)
    CoUnits,
    /// 进展情况
    Progress,
    /// 完成率
    Rate,
    /// 备注
    Remarks,
    /// 年度目标: the year's target figure, when 完成率 is split in two
    Target,
    /// 已完成: the figure reached so far, beside the target
    Done,
    /// 子项目, 考核指标: a sub-item's name, one row per indicator under one 序号
    Item,
    /// 计量单位: the measure a target and done figure count in (所, 公里)
    Measure,
    /// 类别: the category, as a column (shishi's exports write it so)
    Category,
}

impl Role {
    /// Every role, in the order a mapping lists them.
    pub const ALL: [Role; 13] = [
        Role::Serial,
        Role::Name,
        Role::Goal,
        Role::Units,
        Role::CoUnits,
        Role::Progress,
        Role::Rate,
        Role::Target,
        Role::Done,
        Role::Remarks,
        Role::Item,
        Role::Measure,
        Role::Category,
    ];

    /// The key a mapping names the role by.
    pub fn key(self) -> &'static str {
        match self {
            Role::Serial => "serial",
            Role::Name => "name",
            Role::Goal => "goal",
            Role::Units => "units",
            Role::CoUnits => "co-units",
            Role::Progress => "progress",
            Role::Rate => "rate",
            Role::Target => "target",
            Role::Done => "done",
            Role::Remarks => "remarks",
            Role::Item => "item",
            Role::Measure => "measure",
            Role::Category => "category",
        }
    }

    /// The header the official table prints for the role.
    pub fn official(self) -> &'static str {
        SYNONYMS
            .iter()
            .find(|(r, _)| *r == self)
            .map_or("", |(_, names)| names[0])
    }
}

const SYNONYMS: &[(Role, &[&str])] = &[
    (Role::Serial, &["序号", "编号"]),
    (Role::Name, &["项目名称", "实事名称", "项目"]),
    (
        Role::Goal,
        &[
            "任务目标",
            "项目内容",
            "目标任务",
            "工作任务",
            "具体任务",
            "工作目标",
            "任务内容",
            "民生实事项目名称",
            "实事项目名称",
            "实事项目",
            "督办事项",
            "建设内容",
            "主要内容",
        ],
    ),
    (
        Role::Units,
        &[
            "责任单位",
            "牵头单位",
            "牵头部门",
            "责任部门",
            "主办单位",
            "承办单位",
        ],
    ),
    (Role::CoUnits, &["配合单位", "协办单位"]),
    (
        Role::Progress,
        &[
            "进展情况",
            "当前进度",
            "完成情况",
            "实际完成情况",
            "推进情况",
            "工作进展",
        ],
    ),
    (
        Role::Rate,
        &[
            "完成率",
            "完成比例",
            "完成进度",
            "实际完成率",
            "完成比率",
            "完成百分比",
            "占比",
        ],
    ),
    (Role::Remarks, &["备注"]),
    (
        Role::Item,
        &[
            "子项目",
            "子项目名称",
            "子项",
            "考核指标",
            "具体指标",
            "指标名称",
            "分项内容",
            "分项任务",
            "主要指标",
        ],
    ),
    (Role::Measure, &["计量单位"]),
    (Role::Category, &["类别", "分类", "项目类别", "项目分类"]),
    (
        Role::Target,
        &[
            "年度目标",
            "全年目标",
            "目标数",
            "计划数",
            "年度计划数",
            "年度任务数",
        ],
    ),
    (
        Role::Done,
        &[
            "已完成",
            "累计完成",
            "完成数",
            "已完成数",
            "累计完成数",
            "实际完成数",
        ],
    ),
];

/// How far down a sheet the header row is looked for.
const HEADER_SEARCH_ROWS: usize = 30;

/// The header row of a table and what each column holds.
#[derive(Debug, Clone)]
pub struct Header {
    /// Index of the first header row (0-based): the header may take two
    /// or three rows, a group's words over its parts.
    pub top: usize,
    /// Index of the last header row (0-based); the table starts under it.
    pub row: usize,
    /// (column index, role) for every recognised column, in sheet order.
    pub roles: Vec<(usize, Role)>,
    /// Every non-blank header cell: (column index, text as printed, tidied).
    pub labels: Vec<(usize, String)>,
}

impl Header {
    /// The first column holding `role`.
    pub fn column(&self, role: Role) -> Option<usize> {
        self.roles.iter().find(|(_, r)| *r == role).map(|(c, _)| *c)
    }

    /// Every column holding `role`, in sheet order.
    pub fn columns(&self, role: Role) -> impl Iterator<Item = usize> + '_ {
        self.roles
            .iter()
            .filter(move |(_, r)| *r == role)
            .map(|(c, _)| *c)
    }

    /// The header text of column `col`, for warnings.
    pub fn label(&self, col: usize) -> String {
        self.labels
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| column_letter(col))
    }
}

/// Header text without white space, line breaks and a (%) part in either
/// bracket width: "完成率\n（%）" becomes "完成率".
pub fn header_key(text: &str) -> String {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed
        .replace("（%）", "")
        .replace("(%)", "")
        .replace("（％）", "")
        .replace("(％)", "")
        .replace(['%', '％'], "")
}

/// A period written before a header's words: 截至6月底进展情况,
/// 1-9月完成率, 二季度完成情况.
static PERIOD_PREFIX: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:20\d{2}年)?(?:截[至止]\d{1,2}月(?:底|末|\d{1,2}日)?|1[-—–～~至到]\d{1,2}月份?|前\d{1,2}个?月|\d{1,2}月份?|[上下]半年|第?[一二三四1-4]季度|本期|累计)",
    )
    .ok()
});

/// The role a header cell names, if any: its words as a synonym, or so
/// after a period written before them.
pub fn role_of(text: &str) -> Option<Role> {
    let key = super::period::ascii_digits(&header_key(text));
    let find = |key: &str| {
        SYNONYMS
            .iter()
            .find(|(_, names)| names.contains(&key))
            .map(|(role, _)| *role)
    };
    find(&key)
        .or_else(|| {
            let rest = PERIOD_PREFIX.as_ref()?.replace(&key, "");
            (rest.len() < key.len()).then(|| find(&rest)).flatten()
        })
        .or_else(|| progress_and_more(&key))
}

/// 进展情况、存在问题及下一步打算 and the like: the progress words first,
/// then more asked of the same cell.
fn progress_and_more(key: &str) -> Option<Role> {
    let (_, names) = SYNONYMS.iter().find(|(r, _)| *r == Role::Progress)?;
    names
        .iter()
        .any(|name| {
            key.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(['、', '及', '和', '，', ',', '与']))
        })
        .then_some(Role::Progress)
}

/// Finds the header row in the first rows of `grid`: the first row naming a
/// goal column and at least two of serial, units, progress and rate.
pub fn find_header(grid: &Grid) -> Option<Header> {
    grid.rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(row, cells)| {
            if let Some(block) = header_block(grid, row).filter(Header::is_table) {
                return Some(block);
            }
            let header = header_of(row, cells).settled();
            header.is_table().then_some(header)
        })
}

/// Row `row` read as a header: every non-blank cell's text, tidied, and
/// the role each names, one column per role (the first in sheet order)
/// but co-units.
fn header_of(row: usize, cells: &[super::workbook::Cell]) -> Header {
    let mut roles: Vec<(usize, Role)> = Vec::new();
    let mut labels = Vec::new();
    for (col, cell) in cells.iter().enumerate() {
        if cell.is_blank() {
            continue;
        }
        labels.push((col, cell.text.split_whitespace().collect::<String>()));
        if let Some(role) = role_of(&cell.text) {
            if role == Role::CoUnits || !roles.iter().any(|(_, r)| *r == role) {
                roles.push((col, role));
            }
        }
    }
    Header {
        top: row,
        row,
        roles,
        labels,
    }
}

/// Words a part under a group header is (数量 under 目标任务, 完成量 under
/// 1—10月完成情况), and the role it takes there.
const TARGET_PARTS: [&str; 7] = [
    "数量",
    "任务数",
    "目标数",
    "计划数",
    "目标值",
    "任务量",
    "年度目标",
];
const DONE_PARTS: [&str; 8] = [
    "完成量",
    "完成数",
    "完成数量",
    "已完成",
    "实际完成",
    "累计完成",
    "完成值",
    "完成情况",
];
const RATE_PARTS: [&str; 4] = ["比例", "进度", "百分比", "完成%"];
/// A part that is a measure's unit (个, 所, 公里), also kept as another
/// column.
const MEASURE_PARTS: [&str; 2] = ["单位", "计量单位"];

/// The role of a column whose header is `group` over `part`.
fn role_of_part(group: &str, part: &str) -> Option<Role> {
    let key = super::period::ascii_digits(&header_key(part));
    let group_key = header_key(group);
    if MEASURE_PARTS.contains(&key.as_str()) {
        return Some(Role::Measure);
    }
    let targetish = ["目标", "任务", "计划"]
        .iter()
        .any(|w| group_key.contains(w));
    if TARGET_PARTS.contains(&key.as_str()) && targetish {
        return Some(Role::Target);
    }
    if DONE_PARTS.contains(&key.as_str()) && !targetish {
        return Some(Role::Done);
    }
    if RATE_PARTS.contains(&key.as_str()) {
        return Some(Role::Rate);
    }
    role_of(part)
}

/// How many rows a header may take.
const HEADER_ROWS: usize = 3;

/// A row that may be the parts under a header's groups: short words, no
/// figure, one of them a header's word.
fn is_part_row(cells: &[super::workbook::Cell]) -> bool {
    let words: Vec<&super::workbook::Cell> = cells.iter().filter(|c| !c.is_blank()).collect();
    !words.is_empty()
        && words
            .iter()
            .all(|c| c.number.is_none() && c.text.trim().chars().count() <= 20)
        && words.iter().any(|c| {
            let key = header_key(&c.text);
            role_of(&c.text).is_some()
                || TARGET_PARTS.contains(&key.as_str())
                || DONE_PARTS.contains(&key.as_str())
                || RATE_PARTS.contains(&key.as_str())
                || MEASURE_PARTS.contains(&key.as_str())
        })
}

/// The header of two or three rows starting at `top`, when the rows under
/// it are parts of its groups (`截至9月底完成情况` over `已完成 | 完成比例`):
/// each column's header is its words from every row, a group's words
/// carried over the columns it spans (a merged cell, or the blank cells
/// right of it over parts).
fn header_block(grid: &Grid, top: usize) -> Option<Header> {
    let first = grid.rows.get(top)?;
    if first.iter().filter(|c| !c.is_blank()).count() < 2 {
        return None;
    }
    let mut bottom = top;
    while bottom + 1 < grid.rows.len()
        && bottom + 1 - top < HEADER_ROWS
        && is_part_row(&grid.rows[bottom + 1])
    {
        bottom += 1;
    }
    if bottom == top {
        return None;
    }
    let width = grid.rows[top..=bottom]
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    let text = |row: usize, col: usize| -> String {
        grid.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map(|c| c.text.split_whitespace().collect::<String>())
            .unwrap_or_default()
    };
    let mut roles: Vec<(usize, Role)> = Vec::new();
    let mut labels = Vec::new();
    for col in 0..width {
        let mut parts: Vec<String> = Vec::new();
        for row in top..=bottom {
            let mut own = text(row, col);
            if own.is_empty() {
                own = carried(grid, row, col, bottom, &text);
            }
            if !own.is_empty() && parts.last() != Some(&own) {
                parts.push(own);
            }
        }
        if parts.is_empty() {
            continue;
        }
        let role = match parts.as_slice() {
            [one] => role_of(one),
            [.., group, part] => role_of_part(group, part),
            [] => None,
        };
        labels.push((col, parts.join("·")));
        if let Some(role) = role {
            if role == Role::CoUnits || !roles.iter().any(|(_, r)| *r == role) {
                roles.push((col, role));
            }
        }
    }
    Some(
        Header {
            top,
            row: bottom,
            roles,
            labels,
        }
        .settled(),
    )
}

/// A group's words over a blank header cell at (`row`, `col`): the merged
/// range's first cell when the file says the cell is merged, else the
/// nearest words to the left in the same row while every cell between has
/// parts under it.
fn carried(
    grid: &Grid,
    row: usize,
    col: usize,
    bottom: usize,
    text: &dyn Fn(usize, usize) -> String,
) -> String {
    if let Some(m) = grid.merge_at(row, col) {
        return text(m.top as usize, m.left as usize);
    }
    if !grid.merged.is_empty() || row >= bottom {
        return String::new();
    }
    let has_parts = |c: usize| !text(row + 1, c).is_empty();
    if !has_parts(col) {
        return String::new();
    }
    for left in (0..col).rev() {
        if !has_parts(left) {
            return String::new();
        }
        let words = text(row, left);
        if !words.is_empty() {
            return words;
        }
    }
    String::new()
}

impl Header {
    /// A name column and no goal column: the name column is the goal (a
    /// table whose 项目名称 is its only text of the task).
    fn settled(mut self) -> Self {
        if self.column(Role::Goal).is_none() {
            for (_, role) in self.roles.iter_mut() {
                if *role == Role::Name {
                    *role = Role::Goal;
                }
            }
        }
        self.roles.sort_by_key(|(c, _)| *c);
        self
    }

    /// A goal column and two of serial, units, progress and a rate (or
    /// the target and done figures it is computed from).
    fn is_table(&self) -> bool {
        let has = |role| self.column(role).is_some();
        let rate = has(Role::Rate) || (has(Role::Target) && has(Role::Done));
        let others = [
            has(Role::Serial),
            has(Role::Units),
            has(Role::Progress),
            rate,
        ]
        .into_iter()
        .filter(|h| *h)
        .count();
        has(Role::Goal) && others >= 2
    }
}

/// Where a mapping says a column is: by letter, or by its header's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnRef {
    /// A, B, ... AA (0-based index).
    Letter(usize),
    /// The header's text, as [`header_key`] reads it.
    Text(String),
}

/// The operator's word on a layout the reader does not recognize: which
/// row is the header and which column is which. Roles it does not name
/// are still recognized by their header text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    /// The header row, 1-based.
    pub header_row: Option<u32>,
    /// Role -> column.
    pub columns: Vec<(Role, ColumnRef)>,
}

/// Most pairs a mapping may hold.
const MOST_PAIRS: usize = 16;

impl Mapping {
    /// Reads a header row and a column list such as
    /// `goal=B, units=C, rate=完成进度（%）` (keys: serial, name, goal,
    /// units, co-units, progress, rate, target, done, remarks, or their
    /// Chinese headers; values: a column letter or the header's text).
    pub fn parse(header_row: Option<u32>, columns: Option<&str>) -> Result<Self, String> {
        if header_row == Some(0) {
            return Err("headerRow is 1-based: the first row is 1".to_owned());
        }
        let mut mapping = Mapping {
            header_row,
            columns: Vec::new(),
        };
        let text = columns.unwrap_or_default();
        let pairs: Vec<&str> = text
            .split([',', ';', '，', '；', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if pairs.len() > MOST_PAIRS {
            return Err(format!(
                "columns names {} columns; a table has at most {MOST_PAIRS} that matter",
                pairs.len()
            ));
        }
        for pair in pairs {
            let Some((key, value)) = pair.split_once(['=', ':', '＝', '：']) else {
                return Err(format!(
                    "'{}' in columns is not key=column; write e.g. goal=B, units=C, rate=E",
                    short(pair)
                ));
            };
            let (key, value) = (key.trim(), value.trim());
            let Some(role) = Role::ALL
                .into_iter()
                .find(|r| r.key().eq_ignore_ascii_case(key) || key.replace('_', "-") == r.key())
                .or_else(|| role_of(key))
            else {
                let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
                return Err(format!(
                    "'{}' in columns names no column kind; use {} (or the official headers 序号, 任务目标, 责任单位...)",
                    short(key),
                    keys.join(", ")
                ));
            };
            if value.is_empty() || value.chars().count() > 64 {
                return Err(format!(
                    "{}= in columns needs a column letter (B) or its header text (at most 64 characters)",
                    role.key()
                ));
            }
            if mapping.columns.iter().any(|(r, _)| *r == role) {
                return Err(format!("columns names {} twice", role.key()));
            }
            let column = match column_index(value) {
                Some(i) => ColumnRef::Letter(i),
                None => ColumnRef::Text(header_key(value)),
            };
            mapping.columns.push((role, column));
        }
        Ok(mapping)
    }

    /// True when it says nothing.
    pub fn is_empty(&self) -> bool {
        self.header_row.is_none() && self.columns.is_empty()
    }

    /// The header `grid` has under this mapping, if the mapping fits it:
    /// the row it names (or the row holding the headers it names, or the
    /// recognized header row), each column named taking its role.
    pub fn header(&self, grid: &Grid) -> Option<Header> {
        let texts: Vec<&str> = self
            .columns
            .iter()
            .filter_map(|(_, c)| match c {
                ColumnRef::Text(t) => Some(t.as_str()),
                ColumnRef::Letter(_) => None,
            })
            .collect();
        let row = match self.header_row {
            Some(r) => r as usize - 1,
            None if !texts.is_empty() => {
                grid.rows
                    .iter()
                    .take(HEADER_SEARCH_ROWS)
                    .position(|cells| {
                        texts
                            .iter()
                            .all(|t| cells.iter().any(|c| header_key(&c.text) == *t))
                    })?
            }
            None => find_header(grid)?.row,
        };
        let cells = grid.rows.get(row)?;
        let mut header = header_of(row, cells);
        // Each column named takes its role from whatever the header said.
        for (role, column) in &self.columns {
            let col = match column {
                ColumnRef::Letter(i) => *i,
                ColumnRef::Text(t) => cells.iter().position(|c| header_key(&c.text) == *t)?,
            };
            header.roles.retain(|(c, r)| *c != col && *r != *role);
            header.roles.push((col, *role));
            if !header.labels.iter().any(|(c, _)| *c == col) {
                header.labels.push((col, column_letter(col)));
            }
        }
        header.labels.sort_by_key(|(c, _)| *c);
        let header = header.settled();
        header.column(Role::Goal).is_some().then_some(header)
    }

    /// The mapping as arguments say it: `goal=B, units=C`.
    pub fn columns_text(&self) -> String {
        self.columns
            .iter()
            .map(|(role, c)| match c {
                ColumnRef::Letter(i) => format!("{}={}", role.key(), column_letter(*i)),
                ColumnRef::Text(t) => format!("{}={t}", role.key()),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a client sent, cut short for a message.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// The 0-based index of a column letter (A, b, AA); None when `text` is
/// not one (three letters at most: XFD is Excel's last).
pub fn column_index(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 3 || !text.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut n = 0usize;
    for c in text.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    Some(n - 1)
}

/// A guess at the role of a header the reader does not know, from the
/// words in it, for the mapping a refusal suggests.
fn guess_role(text: &str) -> Option<Role> {
    let key = header_key(text);
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    if let Some(role) = role_of(text) {
        return Some(role);
    }
    if has(&["备注", "说明"]) {
        Some(Role::Remarks)
    } else if has(&["率", "%", "％", "比例"]) || text.contains('%') || text.contains('％') {
        Some(Role::Rate)
    } else if has(&["序", "编号"]) {
        Some(Role::Serial)
    } else if has(&["配合", "协办"]) {
        Some(Role::CoUnits)
    } else if has(&["单位", "部门", "科室", "责任", "牵头", "承办"]) {
        Some(Role::Units)
    } else if has(&["进展", "推进", "落实", "进度", "情况"]) {
        Some(Role::Progress)
    } else if has(&["名称"]) {
        Some(Role::Name)
    } else if has(&["任务", "目标", "内容", "事项", "项目", "工作"]) {
        Some(Role::Goal)
    } else {
        None
    }
}

/// The header row a refusal suggests (0-based), its cells as
/// `(letter, text)`, and the mapping that would read it.
pub type Suggestion = (usize, Vec<(String, String)>, Mapping);

/// For a table the reader could not place: the row of `grid` that looks
/// most like a header (most short text cells in its first rows), its
/// cells as `(letter, text)`, and the mapping that would read it.
pub fn suggest(grid: &Grid) -> Option<Suggestion> {
    let (row, cells) = grid
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .map(|(i, cells)| {
            let texts = cells
                .iter()
                .filter(|c| !c.is_blank() && c.number.is_none() && c.text.chars().count() <= 20)
                .count();
            (i, cells, texts)
        })
        .filter(|(_, _, n)| *n >= 3)
        .max_by_key(|(i, _, n)| (*n, std::cmp::Reverse(*i)))
        .map(|(i, cells, _)| (i, cells))?;
    let found: Vec<(String, String)> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_blank())
        .map(|(i, c)| {
            (
                column_letter(i),
                c.text.split_whitespace().collect::<String>(),
            )
        })
        .collect();
    let mut columns: Vec<(Role, ColumnRef)> = Vec::new();
    for (col, cell) in cells.iter().enumerate() {
        if cell.is_blank() {
            continue;
        }
        if let Some(role) = guess_role(&cell.text) {
            if !columns.iter().any(|(r, _)| *r == role) {
                columns.push((role, ColumnRef::Letter(col)));
            }
        }
    }
    if !columns.iter().any(|(r, _)| *r == Role::Goal) {
        // The goal: the column with the longest text under the header.
        let longest = grid.rows.get(row + 1).and_then(|below| {
            below
                .iter()
                .enumerate()
                .filter(|(c, _)| !columns.iter().any(|(_, x)| *x == ColumnRef::Letter(*c)))
                .max_by_key(|(_, c)| c.text.chars().count())
                .map(|(c, _)| c)
        });
        match (columns.iter().position(|(r, _)| *r == Role::Name), longest) {
            (Some(i), _) => columns[i].0 = Role::Goal,
            (None, Some(c)) => columns.push((Role::Goal, ColumnRef::Letter(c))),
            (None, None) => {}
        }
    }
    columns.sort_by_key(|(r, _)| Role::ALL.iter().position(|x| x == r));
    Some((
        row,
        found,
        Mapping {
            header_row: Some(row as u32 + 1),
            columns,
        },
    ))
}

/// A, B, ..., Z, AA, ... for a 0-based column index.
pub fn column_letter(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (col % 26) as u8));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_keys_ignore_wrapping_and_percent() {
        assert_eq!(role_of("完成率\n（%）"), Some(Role::Rate));
        assert_eq!(role_of("完成率(%)"), Some(Role::Rate));
        assert_eq!(role_of(" 牵头单位 "), Some(Role::Units));
        assert_eq!(role_of("配合单位"), Some(Role::CoUnits));
        assert_eq!(role_of("说明"), None);
        assert_eq!(role_of("截至6月底进展情况"), Some(Role::Progress));
        assert_eq!(role_of("1-9月完成率（%）"), Some(Role::Rate));
        assert_eq!(role_of("１－９月完成率"), Some(Role::Rate));
        assert_eq!(role_of("二季度完成情况"), Some(Role::Progress));
    }

    #[test]
    fn mappings_read_keys_letters_and_headers() {
        let m = Mapping::parse(
            Some(3),
            Some("goal=B，责任单位=C; rate: 完成进度（%）, Serial=a"),
        )
        .unwrap_or_default();
        assert_eq!(m.header_row, Some(3));
        assert_eq!(
            m.columns,
            vec![
                (Role::Goal, ColumnRef::Letter(1)),
                (Role::Units, ColumnRef::Letter(2)),
                (Role::Rate, ColumnRef::Text("完成进度".into())),
                (Role::Serial, ColumnRef::Letter(0)),
            ]
        );
        assert_eq!(m.columns_text(), "goal=B, units=C, rate=完成进度, serial=A");
        for bad in ["goal", "colour=B", "goal=B, goal=C", "goal="] {
            assert!(Mapping::parse(None, Some(bad)).is_err(), "{bad}");
        }
        assert!(Mapping::parse(Some(0), None).is_err());
        assert_eq!(column_index("XFD"), Some(16383));
        assert_eq!(column_index("项目"), None);
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16383), "XFD");
    }
}
