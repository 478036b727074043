//! Knowing a table's columns by their header text, whatever their order and
//! wording (序号/编号, 责任单位/牵头单位, 完成率（%）...).

use super::workbook::Grid;

/// What a column holds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// 序号
    Serial,
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
}

const SYNONYMS: &[(Role, &[&str])] = &[
    (Role::Serial, &["序号", "编号"]),
    (
        Role::Goal,
        &[
            "任务目标",
            "项目名称",
            "项目内容",
            "目标任务",
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
        &["完成率", "完成比例", "完成进度", "实际完成率"],
    ),
    (Role::Remarks, &["备注"]),
];

/// How far down a sheet the header row is looked for.
const HEADER_SEARCH_ROWS: usize = 30;

/// The header row of a table and what each column holds.
#[derive(Debug, Clone)]
pub struct Header {
    /// Index of the header row (0-based).
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

/// The role a header cell names, if any.
pub fn role_of(text: &str) -> Option<Role> {
    let key = header_key(text);
    SYNONYMS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(role, _)| *role)
}

/// Finds the header row in the first rows of `grid`: the first row naming a
/// goal column and at least two of serial, units, progress and rate.
pub fn find_header(grid: &Grid) -> Option<Header> {
    grid.rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(row, cells)| {
            let mut roles = Vec::new();
            let mut labels = Vec::new();
            for (col, cell) in cells.iter().enumerate() {
                if cell.is_blank() {
                    continue;
                }
                let tidy = cell.text.split_whitespace().collect::<Vec<_>>().join("");
                labels.push((col, tidy));
                if let Some(role) = role_of(&cell.text) {
                    if !roles.iter().any(|(_, r)| *r == role) || role == Role::CoUnits {
                        roles.push((col, role));
                    }
                }
            }
            let has = |role| roles.iter().any(|(_, r)| *r == role);
            let others = [Role::Serial, Role::Units, Role::Progress, Role::Rate]
                .into_iter()
                .filter(|r| has(*r))
                .count();
            (has(Role::Goal) && others >= 2).then_some(Header { row, roles, labels })
        })
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
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16383), "XFD");
    }
}
