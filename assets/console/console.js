"use strict";(()=>{var te="shishi.token";function j(){try{return sessionStorage.getItem(te)}catch{return null}}function ne(t){try{t?sessionStorage.setItem(te,t):sessionStorage.removeItem(te)}catch{}}var x=class extends Error{constructor(s,o){super(o);this.code=s}};function he(){let t=j();return t?{authorization:`Bearer ${t}`}:{}}async function fe(t){let r;try{r=await t.json()}catch{throw new x(t.status===503?"BUSY":"NETWORK",`HTTP ${t.status}`)}let s=r.errors?.[0];if(s)throw new x(s.extensions?.code??"ERROR",s.message);if(!r.data)throw new x("ERROR",`HTTP ${t.status}`);return r.data}async function O(t,r){let s;try{s=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...he()},body:JSON.stringify({query:t,variables:r})})}catch{throw new x("NETWORK","network")}return fe(s)}async function re(t,r){let s=new FormData;s.append("operations",JSON.stringify({query:t,variables:{...r,file:null}})),s.append("map",JSON.stringify({0:["variables.file"]})),s.append("0",r.file,r.file.name);let o;try{o=await fetch("/graphql",{method:"POST",headers:he(),body:s})}catch{throw new x("NETWORK","network")}return fe(o)}function ye(t,r,s){let o=null,l=!1,a=1e3,d=()=>{let g=`${location.protocol==="https:"?"wss":"ws"}://${location.host}/graphql`,f=new WebSocket(g,"graphql-transport-ws");o=f,f.onopen=()=>{let p=j();f.send(JSON.stringify({type:"connection_init",payload:p?{Authorization:`Bearer ${p}`}:{}}))},f.onmessage=p=>{let m;try{m=JSON.parse(String(p.data))}catch{return}m.type==="connection_ack"?(a=1e3,s(!0),f.send(JSON.stringify({id:"1",type:"subscribe",payload:{query:t}}))):m.type==="next"&&m.payload?.data?r(m.payload.data):m.type==="ping"&&f.send(JSON.stringify({type:"pong"}))},f.onclose=()=>{s(!1),l||(setTimeout(d,a),a=Math.min(a*2,3e4))}};return d(),{close(){l=!0,o?.close(1e3)}}}var Re="shishi.lang";function Je(){try{return localStorage.getItem(Re)==="en"?"en":"zh"}catch{return"zh"}}var se=Je();function M(){return se}function $e(t){se=t;try{localStorage.setItem(Re,t)}catch{}document.documentElement.lang=t==="zh"?"zh-CN":"en"}function n(t,r){return se==="zh"?t:r}var Xe={GREEN:["绿灯","Green"],YELLOW:["黄灯","Yellow"],RED:["红灯","Red"]},Ze={NOT_STARTED:["未开工","Not started"],IN_PROGRESS:["推进中","In progress"],COMPLETED:["已完成","Completed"]},et={RUNNING:["进行中","Running"],SUCCEEDED:["已导入","Imported"],UNCHANGED:["未变化（已导入过）","Unchanged (imported before)"],FAILED:["失败","Failed"],DRY_RUN:["预检","Dry run"]},tt={UPLOAD:["上传","Upload"],SCHEDULE:["定时同步","Schedule"],MANUAL:["手动同步","Manual sync"],CLI:["命令行","Command line"],EXAMPLE:["内置示例","Bundled example"]},_=t=>n(...Xe[t]),H=t=>n(...Ze[t]),oe=t=>n(...et[t]),Ee=t=>n(...tt[t]),nt={EMPTY_FILE:["文件是空的（0 字节）。请重新导出表格后上传保存好的文件。","The file is empty. Export the table again and upload the saved file."],NOT_A_SPREADSHEET:["这不是可读取的表格文件。请上传 .xlsx、.xls、.ods、.docx 或网页（.html）格式的调度表。","Not a table shishi reads. Upload it as .xlsx, .xls, .ods, .docx or an .html page."],OUTSIDE_UNIT:["单位令牌只能上传本单位牵头或参与的项目，表中有其他单位的项目，未导入。","A unit's token uploads only its own projects; the table holds another unit's, so nothing was imported."],UNSUPPORTED_FORMAT:["不支持 .doc、.wps、.et 格式。请在 Word、WPS 或 Excel 中另存为 .docx 或 .xlsx 后再上传。","The .doc, .wps and .et formats are not read. Save the file as .docx or .xlsx and upload that."],UNREADABLE_FILE:["文件无法读取，可能已损坏或不完整。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。","The file cannot be read; it may be damaged. Open it in Excel or WPS, save it again as .xlsx and upload that copy."],PASSWORD_PROTECTED:["文件设有密码。请取消密码保护后再上传。","The file is password protected. Remove the password and upload it again."],TOO_LARGE:["文件或工作表过大，超出服务器的限制。","The file or a sheet is larger than the server accepts."],ARCHIVE_TOO_LARGE:["文件解压后过大，超出服务器的限制。","The file unpacks to more than the server accepts."],NO_HEADER:["找不到表头：表格前 30 行里应有“任务目标”以及“序号、责任单位、进展情况、完成率”中的至少两列。请检查表头文字。","No header row: the first 30 rows need 任务目标 and two of 序号, 责任单位, 进展情况, 完成率."],NO_PROJECT_ROWS:["表头下面没有项目行。","The header has no project rows under it."],NO_YEAR:["标题和文件名里都没有年份。请在标题写明年份（如“2025年…”），或在下方填写报告日期。","No year in the title or file name. Put it in the title, or give the reporting date below."],NO_PERIOD:["标题和文件名里都没有期次。请在标题写明期次（如“二季度”“1-6月”），或在下方填写期次和报告日期。","No period in the title or file name. Put it in the title, or give the period and date below."],BAD_ISSUER:["填写的发文单位不是一个名称，请写表头上的单位名，如“章丘区”（不超过64字）。","The issuer given is not a name; write the issuing body as its tables print it, e.g. 章丘区."],BAD_MAPPING:["指定的表头行或列对不上任何工作表，请对照表格核对行号、列字母或表头文字。","The header row or columns given fit no sheet; check them against the table."],BAD_PERIOD:["填写的期次无法识别，请写“二季度”“1-6月”“上半年”这样的期次。","The period given names no period; write e.g. 二季度, 1-6月, 上半年."],DUPLICATE_PROJECT:["有两行是同一个项目。请合并或删除重复的行。","Two rows name the same project. Merge or remove the repeated row."],SOURCE_UNREADABLE:["同步来源无法读取（文件或文件夹不存在或无权限）。","The sync source cannot be read."],HTTP_STATUS:["同步地址返回了错误状态。","The sync URL answered with an error status."],HTTP_TIMEOUT:["同步地址没有及时响应。","The sync URL did not answer in time."],HTTP_ERROR:["无法从同步地址获取文件。","The file could not be fetched from the sync URL."],INTERRUPTED:["导入过程中服务器停止了，没有写入任何内容。请重新上传。","The server stopped during the import; nothing was written. Upload again."],INTERNAL:["数据库拒绝了这次导入，没有写入任何内容。请联系管理员查看服务器日志。","The database refused the import; nothing was written. The server log has the details."]},rt={UNAUTHENTICATED:["需要 API 令牌。","An API token is needed."],FORBIDDEN:["API 令牌不正确。请向管理员确认服务器使用的令牌。","The API token is not valid."],TOO_LARGE:["文件超过服务器允许的大小。","The file is larger than the server accepts."],BUSY:["服务器正忙，请稍后再试。","The server is busy; try again shortly."],NETWORK:["无法连接服务器，请检查网络后重试。","The server cannot be reached."],REQUEST_TIMEOUT:["上传超时，请重试。","The upload timed out; try again."]};function ae(t){let r=nt[t];return r?n(...r):n(`导入失败（${t}）。`,`The import failed (${t}).`)}function B(t,r){let s=rt[t];return s?n(...s):n(`请求失败（${t}）。`,`The request failed (${t}): ${r}`)}var st={SERIAL_REPEATED:"序号与前面某一行重复；两行都已导入，按项目名称区分。",SERIAL_OUT_OF_SEQUENCE:"序号不连续（可能填错）；该行照常导入。",NO_GOAL:"这一行有序号但没有任务目标，已跳过。",STRAY_ROW:"这一行没有序号和任务目标，上面也没有可接续的项目，已跳过。",RATE_APPROXIMATE:"完成率不是确切数字（约数或文字），已按近似值读取。",RATE_EMPTY:"完成率为空，按“无完成率”保存。",RATE_OUT_OF_RANGE:"完成率超出 0～100%，按“无完成率”保存，原文保留。",RATE_UNREADABLE:"完成率无法识别为数字，按“无完成率”保存，原文保留。",SHEET_SKIPPED:"这个工作表也有一张表，但期次不同，未并入本次导入；请单独导入。",PROJECT_MERGED:"该项目在多个工作表中出现，已合并为一个项目（责任单位与进展合并，保留第一个完成率）。",OUTSIDE_FORM:"这一行不是该单位填报表中的项目，已照常导入，请核对。",FORM_MARK_UNREADABLE:"表中有名为 shishi 的工作表，但不是可识别的填报表标记，已按完整表格导入。",ISSUER_UNNAMED:"表格标题没有写明区县，而本年度已有多个区县的表格：这张表单独保存，未并入任何区县；请指定区县后再导入一次。"};function ve(t,r){return M()==="en"?r:t&&st[t]||"读取时发现需要注意的地方（详见英文说明）。"}function e(t,r=null,...s){let o=document.createElement(t);for(let[l,a]of Object.entries(r??{}))a==null||a===!1||(typeof a=="function"?o.addEventListener(l.replace(/^on/,""),a):a===!0?o.setAttribute(l,""):o.setAttribute(l,String(a)));return W(o,s),o}function W(t,r){for(let s of r)s==null||s===!1||(Array.isArray(s)?W(t,s):t.appendChild(typeof s=="object"?s:document.createTextNode(String(s))))}function S(t,...r){return e("a",{href:t,"data-nav":!0},...r)}function v(t){return t==null?"—":`${Math.round(t*10)/10}%`}function K(t){if(t==null)return"—";let r=Math.round(t*10)/10;return r>0?`+${r}`:r<0?`−${-r}`:"0"}function C(t){if(!t)return"—";let[r,s,o]=t.slice(0,10).split("-").map(Number);return M()==="zh"?`${r}年${s}月${o}日`:new Date(Date.UTC(r,s-1,o)).toLocaleDateString("en",{year:"numeric",month:"short",day:"numeric",timeZone:"UTC"})}function be(t){if(!t)return"—";let r=new Date(t),s=o=>String(o).padStart(2,"0");return`${r.getFullYear()}-${s(r.getMonth()+1)}-${s(r.getDate())} ${s(r.getHours())}:${s(r.getMinutes())}`}function q(t){return e("span",{class:`lamp lamp-${t.toLowerCase()}`},_(t))}function le(t,r){let s={loading:n("正在加载…","Loading…"),error:n("加载失败。","Could not load."),empty:n("没有数据。","Nothing here.")};return e("p",{class:`notice notice-${t}`,role:t==="error"?"alert":"status"},r??s[t])}function R(t,...r){t.replaceChildren(),W(t,r)}var Te=`
  query Boot {
    reports {
      id
      year
      issuer
      period
      asOf
    }
  }
`,we=`
  fragment Row on ProjectEdge {
    node {
      id
      serialNo
      serialMark
      category
      name
      units {
        name
      }
    }
    progress {
      rateSource
      completionRate
      rawRate
      expectedRate
      delta
      light
      status
      stalled
      summary
    }
  }
`,ot=`
  fragment Figures on UnitSummary {
    rank
    unit {
      name
    }
    projectCount
    completedCount
    averageRate
    byLight {
      light
      count
    }
  }
`,Se=`
  query Overview($year: Int!, $issuer: String) {
    collection(year: $year, issuer: $issuer) {
      period
      returnedCount
      units {
        returned
      }
    }
    summary(year: $year, issuer: $issuer) {
      asOf
      expectedRate
      projectCount
      completedCount
      averageRate
      byLight {
        light
        count
      }
      report {
        id
        period
        title
        importedAt
        exportUrl
      }
    }
    trend(year: $year, issuer: $issuer) {
      asOf
      expectedRate
      averageRate
      completedCount
      projectCount
      report {
        period
      }
    }
    red: projects(year: $year, issuer: $issuer, light: RED, first: 50, orderBy: { field: RATE, direction: ASC }) {
      totalCount
      edges {
        ...Row
      }
    }
    stalled: projects(year: $year, issuer: $issuer, stalled: true, first: 50, orderBy: { field: LIGHT, direction: DESC }) {
      totalCount
      edges {
        ...Row
      }
    }
    exports(year: $year, issuer: $issuer) {
      latestReportUrl
      nextPeriodUrl
      historyXlsxUrl
      historyCsvUrl
      bulletinUrl
      noticesUrl
    }
    city: issuerRanking(year: $year) {
      total {
        projectCount
        completedCount
        averageRate
      }
      issuers {
        issuer
        rank
        asOf
        expectedRate
        projectCount
        completedCount
        averageRate
        byLight {
          light
          count
        }
        report {
          period
        }
      }
    }
  }
  ${we}
`,Ce=`
  query Projects(
    $year: Int!
    $issuer: String
    $unit: String
    $light: Light
    $status: ProgressStatus
    $stalled: Boolean
    $search: String
    $category: String
    $orderBy: ProjectOrder
    $first: Int!
    $offset: Int!
  ) {
    projects(
      year: $year
      issuer: $issuer
      unit: $unit
      light: $light
      status: $status
      stalled: $stalled
      search: $search
      category: $category
      orderBy: $orderBy
      first: $first
      offset: $offset
    ) {
      totalCount
      edges {
        ...Row
      }
    }
    units(year: $year, issuer: $issuer) {
      name
    }
    exports(year: $year, issuer: $issuer) {
      nextPeriodUrl(unit: $unit)
    }
  }
  ${we}
`,xe=`
  query Project($id: ID!) {
    project(id: $id) {
      id
      year
      serialNo
      serialMark
      category
      name
      goal
      units {
        name
      }
      history {
        report {
          id
          asOf
          period
        }
        serialNo
        completionRate
        rawRate
        expectedRate
        light
        delta
        status
        stalled
        detail
        remarks
        rateSource
        items {
          serial
          name
          units {
            name
          }
          target
          done
          measure
          completionRate
          rawRate
        }
      }
    }
  }
`,Ne=`
  query Units($year: Int!, $issuer: String) {
    unitRanking(year: $year, issuer: $issuer, top: 5) {
      asOf
      units {
        ...Figures
      }
      best {
        ...Figures
      }
      worst {
        ...Figures
      }
    }
    summary(year: $year, issuer: $issuer) {
      expectedRate
      report {
        period
      }
    }
    exports(year: $year, issuer: $issuer) {
      historyXlsxUrl
      noticesUrl
    }
  }
  ${ot}
`,ie=`
  fragment Run on SyncRun {
    id
    trigger
    uploadedBy
    clientAddress
    formUnit
    merged
    outcome
    source
    status
    issuer
    startedAt
    finishedAt
    title
    year
    period
    asOf
    rowsRead
    projectsCreated
    projectsUpdated
    replaces {
      id
      asOf
      period
      importedAt
    }
    report {
      id
      asOf
      period
    }
    warnings {
      sheet
      row
      column
      code
      message
    }
    error {
      code
      message
    }
  }
`,Oe=`
  query SyncRuns {
    syncRuns(first: 20) {
      nodes {
        ...Run
      }
    }
  }
  ${ie}
`,ue=`
  mutation Upload(
    $file: Upload!
    $dryRun: Boolean!
    $asOf: Date
    $period: String
    $issuer: String
    $headerRow: Int
    $columns: String
  ) {
    uploadSpreadsheet(
      file: $file
      dryRun: $dryRun
      asOf: $asOf
      period: $period
      issuer: $issuer
      headerRow: $headerRow
      columns: $columns
    ) {
      ...Run
    }
  }
  ${ie}
`,Le=`
  subscription RunFinished {
    syncRunFinished {
      ...Run
    }
  }
  ${ie}
`,Ue=`
  query Collection($year: Int!, $issuer: String) {
    collection(year: $year, issuer: $issuer) {
      year
      period
      asOf
      deadline
      returnedCount
      missingCount
      units {
        unit {
          name
        }
        returned
        returnedAt
        projectCount
        run {
          id
          source
        }
      }
    }
    exports(year: $year, issuer: $issuer) {
      nextPeriodUrl
    }
  }
`;function I(t,r,s,o){let l=[e("span",{class:"label"},r),e("strong",{class:"value"},s),o?.sub?e("span",{class:"sub"},o.sub):null],a=`figure${o?.kind?` figure-${o.kind}`:""}`;return o?.href?e("a",{class:a,href:o.href,"data-nav":!0,"data-figure":t},l):e("div",{class:a,"data-figure":t},l)}function k(t,r){return t.find(s=>s.light===r)?.count??0}function V(t,r,s){return e("div",{class:"table-wrap"},e("table",{class:"projects"},e("caption",null,s),e("thead",null,e("tr",null,e("th",{class:"num"},n("序号","No.")),e("th",null,n("项目","Project")),e("th",{class:"units-col"},n("责任单位","Units")),e("th",{class:"num"},n("完成率","Rate")),e("th",{class:"num"},n("较上期","Change")),e("th",null,n("亮灯","Light")),e("th",{class:"status-col"},n("状态","Status")))),e("tbody",null,r.map((o,l)=>[o.node.category&&o.node.category!==r[l-1]?.node.category?e("tr",{class:"category"},e("th",{colspan:7,scope:"rowgroup"},S(t.href("/projects",{category:o.node.category}),o.node.category))):null,e("tr",{"data-id":o.node.id},e("td",{class:"num"},o.node.serialNo===null||o.node.serialNo===void 0?"—":`${o.node.serialNo}${o.node.serialMark??""}`),e("td",{class:"name"},S(t.href(`/projects/${encodeURIComponent(o.node.id)}`),o.node.name),o.progress?.summary?e("span",{class:"summary"},o.progress.summary):null),e("td",{class:"units-col"},o.node.units.map(a=>a.name).join("、")),e("td",{class:"num rate"},o.progress?v(o.progress.completionRate):"—",o.progress?.rateSource==="ITEMS"?e("span",{class:"rate-source",title:n("表中未填项目完成率，按各子项目完成率平均","The table gives no rate for the project: the mean of its sub-items'")},n("子项平均","items' mean")):null),e("td",{class:`num delta${o.progress?.stalled?" stalled":""}`},o.progress?K(o.progress.delta):"—",o.progress?.stalled?e("span",{class:"tag"},n("停滞","stalled")):null),e("td",null,o.progress?q(o.progress.light):"—"),e("td",{class:"status-col"},o.progress?H(o.progress.status):"—"))]))))}function Y(t){let r=j();if(!r)return;t.preventDefault();let s=t.currentTarget;(async()=>{let o=await fetch(s.href,{headers:{authorization:`Bearer ${r}`}});if(!o.ok){alert(n(`下载失败（HTTP ${o.status}）`,`Download failed (HTTP ${o.status})`));return}let l=/filename\*=UTF-8''([^;]+)/i.exec(o.headers.get("content-disposition")??"")?.[1],a=URL.createObjectURL(await o.blob()),d=e("a",{href:a,download:l?decodeURIComponent(l):""});document.body.appendChild(d),d.click(),d.remove(),setTimeout(()=>URL.revokeObjectURL(a),1e4)})()}function D(t){let r=t.filter(s=>!!s[1]);return r.length?e("div",{class:"downloads no-print"},e("span",null,n("下载：","Download: ")),r.map(([s,o])=>e("a",{href:o,download:"",class:"download",onclick:Y},s))):null}function L(t,r,s=!0){return e("div",{class:"page-title"},e("div",null,e("h1",null,t),r?e("p",{class:"sub"},r):null),s?e("button",{type:"button",class:"no-print",onclick:()=>window.print()},n("打印","Print")):null)}function P(t){return e("div",{class:"card empty"},e("h1",null,n("还没有导入任何调度表","No table has been imported yet")),e("p",null,n("上传一份民生实事项目进展情况调度表后，这里会显示总览。","Upload a tracking table and the overview appears here.")),S(t.href("/upload"),n("去上传","Upload a table")))}function Pe(t){if(!t)return"—";let r=new Date(t),s=o=>String(o).padStart(2,"0");return`${r.getFullYear()}-${s(r.getMonth()+1)}-${s(r.getDate())} ${s(r.getHours())}:${s(r.getMinutes())}`}async function Ae(t){if(t.year===null){R(t.main,P(t));return}let r=await O(Ue,{year:t.year,issuer:t.issuer}),s=r.collection;if(document.title=n(`报送情况 · ${t.year}年民生实事`,`Returns · ${t.year}`),!s){R(t.main,P(t));return}let o=r.exports?.nextPeriodUrl,l=p=>o?`${o}${o.includes("?")?"&":"?"}unit=${encodeURIComponent(p)}`:null,a=s.deadline!==null&&s.deadline!==void 0&&new Date(s.deadline).getTime()<Date.now(),d=s.units.filter(p=>!p.returned),g=s.units.filter(p=>p.returned),f=(p,m)=>e("div",{class:"table-wrap"},e("table",{class:`returns ${m?"returned":"missing"}`},e("thead",null,e("tr",null,e("th",null,n("单位","Unit")),e("th",{class:"num"},n("牵头项目","Projects led")),m?e("th",null,n("报送时间","Returned at")):e("th",{class:"no-print"},n("填报表","Form")),m?e("th",null,n("来源","Source")):null)),e("tbody",null,p.map(c=>e("tr",null,e("td",null,S(t.href("/projects",{unit:c.unit.name}),c.unit.name)),e("td",{class:"num"},c.projectCount),m?e("td",null,Pe(c.returnedAt)):e("td",{class:"no-print"},l(c.unit.name)?e("a",{href:l(c.unit.name),download:"",class:"download",onclick:Y},n("下载填报表","Download the form")):"—"),m?e("td",{class:"source"},c.run?.source??"—"):null)))));R(t.main,L(n(`${s.year}年${s.period}报送情况`,`Returns for ${s.period} ${s.year}`),n(`截至${C(s.asOf)}；已报 ${s.returnedCount}/${s.units.length}`,`as of ${C(s.asOf)}; ${s.returnedCount} of ${s.units.length} returned`)),e("section",{class:`card deadline${a&&d.length?" overdue":""}`},e("strong",null,n("报送截止时间：","Deadline: ")),s.deadline?Pe(s.deadline):n("未设置","not set"),a&&d.length?e("span",{class:"tag"},n(`已逾期，${d.length} 个单位未报`,`overdue, ${d.length} missing`)):null),D([[n("全部单位填报表","Every unit's form"),o]]),e("section",{class:"card"},e("h2",null,n(`未报（${d.length}）`,`Missing (${d.length})`)),d.length?f(d,!1):e("p",{class:"notice"},n("全部单位已报送。","Every unit has returned its form."))),e("section",{class:"card"},e("h2",null,n(`已报（${g.length}）`,`Returned (${g.length})`)),g.length?f(g,!0):e("p",{class:"notice"},n("还没有单位报送。","No unit has returned its form yet."))))}var at="http://www.w3.org/2000/svg";function ke(){let t=document.getElementById("main");return Math.round(Math.min(960,Math.max(300,(t?.clientWidth??680)-48)))}function w(t,r,s){let o=document.createElementNS(at,t);for(let[l,a]of Object.entries(r))o.setAttribute(l,String(a));return s!==void 0&&(o.textContent=s),o}function J(t,r,s){let o=ke(),l=260,a=44,d=24,g=16,f=48,p=w("svg",{viewBox:`0 0 ${o} ${l}`,class:"chart",role:"img","aria-label":s});p.appendChild(w("title",{},s));let m=h=>t.length<=1?a+(o-a-d)/2:a+h*(o-a-d)/(t.length-1),c=h=>g+(100-h)*(l-g-f)/100;for(let h of[0,25,50,75,100])p.appendChild(w("line",{x1:a,x2:o-d,y1:c(h),y2:c(h),class:"grid"})),p.appendChild(w("text",{x:a-6,y:c(h)+4,class:"axis","text-anchor":"end"},`${h}%`));t.forEach((h,$)=>{let T=t.length>1&&$===0?"start":t.length>1&&$===t.length-1?"end":"middle";p.appendChild(w("text",{x:m($),y:l-f+18,class:"axis","text-anchor":T},h))});for(let h of r){let $=h.values.map((b,E)=>b===null?null:[m(E),c(b)]),T=$.map((b,E)=>b?`${E===0||!$[E-1]?"M":"L"}${b[0].toFixed(1)},${b[1].toFixed(1)}`:"").join("");T&&p.appendChild(w("path",{d:T,class:`line ${h.kind}${h.dashed?" dashed":""}`})),$.forEach((b,E)=>{if(!b)return;let U=w("circle",{cx:b[0],cy:b[1],r:4,class:`dot ${h.kind}`});U.appendChild(w("title",{},`${h.name} ${t[E]}: ${Math.round((h.values[E]??0)*10)/10}%`)),p.appendChild(U)})}let i=a;for(let h of r){p.appendChild(w("line",{x1:i,x2:i+18,y1:l-10,y2:l-10,class:`line ${h.kind}${h.dashed?" dashed":""}`}));let $=w("text",{x:i+24,y:l-6,class:"legend"},h.name);p.appendChild($),i+=24+h.name.length*13+24}return p}function je(t,r,s){let o=ke(),l=24,a=Math.min(150,Math.round(o*.36)),d=56,g=8,f=g*2+l*t.length,p=w("svg",{viewBox:`0 0 ${o} ${f}`,class:"chart bars",role:"img","aria-label":s});p.appendChild(w("title",{},s));let m=c=>a+c*(o-a-d)/100;return t.forEach((c,i)=>{let h=g+i*l,$=Math.floor((a-10)/13),T=c.label.length>$?`${c.label.slice(0,$-1)}…`:c.label;p.appendChild(w("text",{x:a-8,y:h+15,class:"axis","text-anchor":"end"},T));let b=w("rect",{x:a,y:h+3,width:Math.max(0,m(c.value??0)-a),height:l-6,rx:3,class:`bar ${c.kind}`});b.appendChild(w("title",{},`${c.label}: ${c.value===null?"—":`${Math.round(c.value*10)/10}%`}`)),p.appendChild(b),p.appendChild(w("text",{x:m(c.value??0)+6,y:h+15,class:"value"},c.value===null?"—":`${Math.round(c.value*10)/10}%`))}),r!==null&&p.appendChild(w("line",{x1:m(r),x2:m(r),y1:2,y2:f-2,class:"mark"})),p}async function Ie(t){if(t.year===null){R(t.main,P(t));return}let r=t.year,s=await O(Se,{year:r,issuer:t.issuer}),o=s.summary;if(document.title=n(`总览 · ${r}年民生实事`,`Overview · ${r}`),!o.report){R(t.main,P(t));return}let l=e("section",{class:"figures","aria-label":n("主要指标","Figures")},I("period",n("报告期","Period"),o.report.period,{sub:C(o.asOf)}),I("expectedRate",n("序时进度","Expected by now"),v(o.expectedRate)),I("projectCount",n("项目总数","Projects"),String(o.projectCount),{href:t.href("/projects")}),I("completedCount",n("已完成","Completed"),String(o.completedCount),{href:t.href("/projects",{status:"COMPLETED"}),kind:"done"}),I("averageRate",n("平均完成率","Average rate"),v(o.averageRate)),s.collection?I("returns",n("报送情况","Returns"),`${s.collection.returnedCount}/${s.collection.units.length}`,{href:t.href("/collection"),sub:n(`${s.collection.period}已报`,`returned for ${s.collection.period}`)}):null),a=e("section",{class:"figures lights","aria-label":n("亮灯情况","Lights")},["GREEN","YELLOW","RED"].map(i=>I(i,_(i),String(k(o.byLight,i)),{kind:i.toLowerCase(),href:t.href("/projects",{light:i}),sub:n("个项目","projects")}))),d=s.trend.map(i=>i.report.period),g=e("section",{class:"card"},e("h2",null,n("完成率走势","Rate over the year")),s.trend.length?J(d,[{name:n("平均完成率","Average rate"),kind:"actual",values:s.trend.map(i=>i.averageRate)},{name:n("序时进度","Expected"),kind:"expected",values:s.trend.map(i=>i.expectedRate),dashed:!0}],n("平均完成率与序时进度","Average rate and expected rate")):null,e("table",{class:"compact trend"},e("thead",null,e("tr",null,e("th",null,n("报告期","Period")),e("th",{class:"date-col"},n("日期","Date")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num"},n("序时进度","Expected")),e("th",{class:"num"},n("已完成","Completed")))),e("tbody",null,s.trend.map(i=>e("tr",null,e("td",null,i.report.period),e("td",{class:"date-col nowrap"},C(i.asOf)),e("td",{class:"num"},v(i.averageRate)),e("td",{class:"num"},v(i.expectedRate)),e("td",{class:"num"},`${i.completedCount}/${i.projectCount}`)))))),f=e("section",{class:"card",id:"red"},e("h2",null,n(`红灯项目（${s.red.totalCount}）`,`Red projects (${s.red.totalCount})`)),s.red.totalCount?V(t,s.red.edges,n("落后序时进度 30 个百分点以上，或完成率无法读取","More than 30 points behind, or no readable rate")):e("p",{class:"ok"},n("没有红灯项目。","No red projects.")),s.red.totalCount>s.red.edges.length?S(t.href("/projects",{light:"RED"}),n("查看全部红灯项目","All red projects")):null),p=e("section",{class:"card",id:"stalled"},e("h2",null,n(`停滞项目（${s.stalled.totalCount}）`,`Stalled projects (${s.stalled.totalCount})`)),s.stalled.totalCount?V(t,s.stalled.edges,n("未完成，且完成率与上期相同","Not completed, and the rate has not moved since the last report")):e("p",{class:"ok"},n("没有停滞项目。","No stalled projects.")),s.stalled.totalCount>s.stalled.edges.length?S(t.href("/projects",{stalled:"true"}),n("查看全部停滞项目","All stalled projects")):null),m=s.city.issuers.length>1?e("section",{class:"card",id:"city"},e("h2",null,n(`各地区排名（${s.city.issuers.length} 个发文单位）`,`Issuers ranked (${s.city.issuers.length})`)),e("table",{class:"compact"},e("thead",null,e("tr",null,e("th",{class:"num"},n("名次","Rank")),e("th",null,n("发文单位","Issuer")),e("th",{class:"date-col"},n("报告期","Period")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num"},n("已完成","Completed")),e("th",{class:"num"},n("红灯","Red")))),e("tbody",null,s.city.issuers.map(i=>e("tr",{"aria-current":(i.issuer??"")===t.issuer?"true":null},e("td",{class:"num"},String(i.rank)),e("td",null,e("a",{href:`/?year=${r}&issuer=${encodeURIComponent(i.issuer??"")}`,"data-nav":!0},i.issuer??n("（未注明）","(unnamed)"))),e("td",{class:"nowrap date-col"},`${i.report.period}（${C(i.asOf)}）`),e("td",{class:"num"},v(i.averageRate)),e("td",{class:"num"},`${i.completedCount}/${i.projectCount}`),e("td",{class:"num"},String(k(i.byLight,"RED")))))),e("tfoot",null,e("tr",null,e("td",null,""),e("th",null,n("合计","All")),e("td",{class:"date-col"},""),e("td",{class:"num"},v(s.city.total.averageRate)),e("td",{class:"num"},`${s.city.total.completedCount}/${s.city.total.projectCount}`),e("td",null,""))))):null,c=t.issuer??"";R(t.main,L(n(`${c}${r}年民生实事项目总览`,`Livelihood projects ${r}${c?` · ${c}`:""}`),o.report.title),m,D([[n("本期调度表","This report (xlsx)"),o.report.exportUrl],[n("本期通报（Word）","This period's bulletin (Word)"),s.exports?.bulletinUrl],[n("督办单（Word）","Notices to units behind pace (Word)"),s.exports?.noticesUrl],[n("下期填报表","Next period's form"),s.exports?.nextPeriodUrl],[n("全年进展历史","History (xlsx)"),s.exports?.historyXlsxUrl],[n("历史 CSV","History (CSV)"),s.exports?.historyCsvUrl]]),l,a,f,p,g)}async function De(t){let r=null;try{r=(await O(xe,{id:t.id})).project}catch(l){if(!(l instanceof x&&l.code==="BAD_USER_INPUT"))throw l}if(!r){R(t.main,e("h1",null,n("找不到这个项目","No such project")),S(t.href("/projects"),n("返回项目列表","Back to the projects")));return}document.title=`${r.name} · shishi`;let s=r.history[r.history.length-1],o=J(r.history.map(l=>l.report.period),[{name:n("完成率","Rate"),kind:"actual",values:r.history.map(l=>l.completionRate)},{name:n("序时进度","Expected"),kind:"expected",values:r.history.map(l=>l.expectedRate),dashed:!0}],n("完成率与序时进度","Rate and expected rate"));R(t.main,e("p",{class:"crumbs no-print"},S(t.href("/projects"),n("← 项目列表","← Projects"))),L(`${r.serialNo?`${r.serialNo}${r.serialMark??""}. `:""}${r.name}`,n(`${r.year}年民生实事项目`,`Livelihood project ${r.year}`)),e("section",{class:"card facts"},e("dl",null,r.category?[e("dt",null,n("类别","Category")),e("dd",{class:"category"},S(t.href("/projects",{category:r.category}),r.category))]:null,e("dt",null,n("任务目标","Goal")),e("dd",{class:"goal"},r.goal),e("dt",null,n("责任单位","Units")),e("dd",null,r.units.map((l,a)=>[a?"、":"",S(t.href("/projects",{unit:l.name}),l.name)])),s?[e("dt",null,n("最新完成率","Latest rate")),e("dd",{class:"latest"},e("strong",null,v(s.completionRate))," ",q(s.light)," ",H(s.status),n(`（${s.report.period}，序时进度 ${v(s.expectedRate)}）`,` (${s.report.period}, expected ${v(s.expectedRate)})`),s.rateSource==="ITEMS"?e("span",{class:"rate-source"},n("表中未填项目完成率，为各子项目完成率的平均","the table gives no rate for the project: the mean of its sub-items'")):null)]:null)),s&&s.items.length?lt(s):null,e("section",{class:"card"},e("h2",null,n("完成率走势","Rate over the year")),o),e("section",{class:"card"},e("h2",null,n("各期进展","Progress by period")),e("ol",{class:"timeline"},[...r.history].reverse().map(l=>e("li",null,e("div",{class:"when"},e("strong",null,l.report.period),e("span",null,C(l.report.asOf)),e("span",{class:"rate"},v(l.completionRate)),e("span",{class:"delta"},n("较上期 ","change "),K(l.delta)),q(l.light),l.stalled?e("span",{class:"tag"},n("停滞","stalled")):null),l.items.length?e("p",{class:"item-rates"},l.items.map((a,d)=>[d?"；":"",`${a.name} ${v(a.completionRate)}`])):null,e("p",{class:"detail"},l.detail||n("（未填写进展）","(no progress text)")),l.remarks?e("p",{class:"remarks"},n("备注：","Remarks: "),l.remarks):null)))))}function lt(t){let r=(s,o)=>s?`${s}${o??""}`:"—";return e("section",{class:"card"},e("h2",null,n(`子项目（${t.report.period}）`,`Sub-items (${t.report.period})`)),e("div",{class:"table-wrap"},e("table",{class:"items"},e("thead",null,e("tr",null,e("th",{class:"num"},n("序号","No.")),e("th",null,n("子项目","Sub-item")),e("th",{class:"units-col"},n("责任单位","Units")),e("th",{class:"num"},n("目标","Target")),e("th",{class:"num"},n("已完成","Done")),e("th",{class:"num"},n("完成率","Rate")))),e("tbody",null,t.items.map((s,o)=>e("tr",null,e("td",{class:"num"},s.serial??String(o+1)),e("td",{class:"name"},s.name),e("td",{class:"units-col"},s.units.map(l=>l.name).join("、")||"—"),e("td",{class:"num"},r(s.target,s.measure)),e("td",{class:"num"},r(s.done,s.measure)),e("td",{class:"num rate"},s.completionRate===null||s.completionRate===void 0?s.rawRate||"—":v(s.completionRate))))))))}var Me=[10,20,50,100],_e=["GREEN","YELLOW","RED"],He=["NOT_STARTED","IN_PROGRESS","COMPLETED"],Fe=[["SERIAL","序号","No."],["RATE","完成率","Rate"],["RATE_CHANGE","较上期变化","Change"],["LIGHT","亮灯","Light"],["NAME","名称","Name"]];function de(t,r){return r.find(s=>s===t)}async function Ge(t){if(t.year===null){R(t.main,P(t));return}let r=t.params,s=r.get("unit")||void 0,o=de(r.get("light"),_e),l=de(r.get("status"),He),a=r.get("stalled")==="true"?!0:void 0,d=r.get("q")?.trim()||void 0,g=r.get("category")||void 0,f=de(r.get("sort"),Fe.map(u=>u[0]))??"SERIAL",p=r.get("dir")==="desc",m=Math.max(1,Math.floor(Number(r.get("page"))||1)),c=Me.find(u=>u===Number(r.get("size")))??20,i=await O(Ce,{year:t.year,issuer:t.issuer,unit:s,light:o,status:l,stalled:a,search:d,category:g,orderBy:{field:f,direction:p?"DESC":"ASC"},first:c,offset:(m-1)*c});document.title=n(`项目 · ${t.year}年民生实事`,`Projects · ${t.year}`);let h={unit:s,light:o,status:l,stalled:a?"true":void 0,q:d,category:g,sort:f==="SERIAL"?void 0:f,dir:p?"desc":void 0,size:c===20?void 0:String(c)},$=u=>t.href("/projects",{...h,...u}),T=(u,A,N,ee)=>e("label",null,e("span",null,A),e("select",{name:u},e("option",{value:""},n("全部","All")),N.map(([ge,Ke])=>e("option",{value:ge,selected:ge===ee},Ke)))),b=e("form",{class:"filters no-print",role:"search",onsubmit:u=>{u.preventDefault();let A=new FormData(u.target),N=ee=>A.get(ee)||void 0;t.go($({unit:N("unit"),light:N("light"),status:N("status"),stalled:N("stalled"),q:N("q")?.trim()||void 0,sort:N("sort")==="SERIAL"?void 0:N("sort"),dir:N("dir"),size:N("size")==="20"?void 0:N("size"),page:void 0}))},onchange:u=>{u.target.tagName==="SELECT"&&u.currentTarget.requestSubmit()}},e("label",{class:"search"},e("span",null,n("搜索","Search")),e("input",{type:"search",name:"q",value:d??"",placeholder:n("项目名称、目标或进展","Name, goal or progress")})),T("unit",n("责任单位","Unit"),i.units.map(u=>[u.name,u.name]),s),T("light",n("亮灯","Light"),_e.map(u=>[u,_(u)]),o),T("status",n("状态","Status"),He.map(u=>[u,H(u)]),l),T("stalled",n("停滞","Stalled"),[["true",n("仅停滞项目","Stalled only")]],a?"true":void 0),e("label",null,e("span",null,n("排序","Sort by")),e("select",{name:"sort"},Fe.map(([u,A,N])=>e("option",{value:u,selected:u===f},n(A,N))))),e("label",null,e("span",null,n("顺序","Order")),e("select",{name:"dir"},e("option",{value:""},n("升序","Ascending")),e("option",{value:"desc",selected:p},n("降序","Descending")))),e("label",null,e("span",null,n("每页","Per page")),e("select",{name:"size"},Me.map(u=>e("option",{value:u,selected:u===c},String(u))))),e("button",{type:"submit",class:"primary"},n("查询","Apply")),e("a",{href:t.href("/projects"),"data-nav":!0,class:"reset"},n("清除条件","Clear"))),E=i.projects.totalCount,U=Math.max(1,Math.ceil(E/c));if(m>U){t.go($({page:U>1?U:void 0}),!0);return}let G=e("nav",{class:"pager no-print","aria-label":n("分页","Pages")},m>1?e("a",{href:$({page:m-1}),"data-nav":!0,rel:"prev"},n("上一页","Previous")):e("span",{class:"disabled"},n("上一页","Previous")),e("span",{class:"where"},n(`第 ${m} / ${U} 页，共 ${E} 个项目`,`Page ${m} of ${U}, ${E} projects`)),m<U?e("a",{href:$({page:m+1}),"data-nav":!0,rel:"next"},n("下一页","Next")):e("span",{class:"disabled"},n("下一页","Next"))),y=[g,s,o&&_(o),l&&H(l),a&&n("停滞","stalled"),d&&`“${d}”`].filter(Boolean).join(" · ");R(t.main,L(n(`${t.year}年项目`,`Projects ${t.year}`),y||null),b,D([[s?n(`${s}的下期填报表`,`Next period's form for ${s}`):n("下期填报表","Next period's form"),i.exports?.nextPeriodUrl]]),E?V(t,i.projects.edges,n(`符合条件的项目 ${E} 个`,`${E} projects match`)):e("p",{class:"notice notice-empty"},n("没有符合条件的项目。","No project matches.")),G)}function it(t,r){if(!r||k(t.byLight,"RED")+k(t.byLight,"YELLOW")===0)return null;let s=`${r}&unit=${encodeURIComponent(t.unit.name)}`;return e("a",{href:s,download:"",class:"download notice",onclick:Y,title:n(`${t.unit.name}的督办单`,`Notice to ${t.unit.name}`)},n("督办单","Notice"))}function ce(t,r,s,o="",l){return e("div",{class:"table-wrap"},e("table",{class:`units ${o}`},e("caption",null,s),e("thead",null,e("tr",null,e("th",{class:"num"},n("名次","Rank")),e("th",null,n("单位","Unit")),e("th",{class:"num"},n("项目","Projects")),e("th",{class:"num"},n("已完成","Done")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num light-col"},n("绿","G")),e("th",{class:"num light-col"},n("黄","Y")),e("th",{class:"num light-col"},n("红","R")),l?e("th",{class:"no-print"},n("督办","Notice")):null)),e("tbody",null,r.map(a=>e("tr",null,e("td",{class:"num"},a.rank),e("td",null,S(t.href("/projects",{unit:a.unit.name}),a.unit.name)),e("td",{class:"num"},a.projectCount),e("td",{class:"num"},a.completedCount),e("td",{class:"num rate"},v(a.averageRate)),e("td",{class:"num light-col green"},k(a.byLight,"GREEN")),e("td",{class:"num light-col yellow"},k(a.byLight,"YELLOW")),e("td",{class:"num light-col red"},k(a.byLight,"RED")),l?e("td",{class:"no-print"},it(a,l)):null)))))}async function Be(t){if(t.year===null){R(t.main,P(t));return}let r=await O(Ne,{year:t.year,issuer:t.issuer}),s=r.unitRanking;if(document.title=n(`红黄榜 · ${t.year}年民生实事`,`Units · ${t.year}`),!s.asOf){R(t.main,P(t));return}let o=r.summary.expectedRate,l=a=>a===null||o===null?"red":a>=100||o-a<10?"green":o-a<=30?"yellow":"red";R(t.main,L(n(`${t.year}年责任单位红黄榜`,`Units ranked, ${t.year}`),n(`${r.summary.report?.period??""}（截至${C(s.asOf)}），按平均完成率排名`,`${r.summary.report?.period??""} (as of ${C(s.asOf)}), by average rate`)),D([[n("全年进展历史（含红黄榜）","History with the ranking (xlsx)"),r.exports?.historyXlsxUrl],[n("全部督办单（Word）","Every notice (Word)"),r.exports?.noticesUrl]]),e("div",{class:"boards"},e("section",{class:"card board best"},e("h2",null,n("红榜（前 5 名）","Best 5")),ce(t,s.best,n("平均完成率最高的单位","Highest average rate"))),e("section",{class:"card board worst"},e("h2",null,n("黄榜（后 5 名）","Worst 5")),ce(t,s.worst,n("平均完成率最低的单位","Lowest average rate")))),e("section",{class:"card"},e("h2",null,n("各单位平均完成率","Average rate per unit")),e("p",{class:"hint"},n(`竖线为序时进度 ${v(o)}`,`The line marks the expected rate, ${v(o)}`)),je(s.units.map(a=>({label:a.unit.name,value:a.averageRate,kind:l(a.averageRate)})),o,n("各单位平均完成率","Average rate per unit"))),e("section",{class:"card"},e("h2",null,n("全部单位","Every unit")),ce(t,s.units,n(`共 ${s.units.length} 个单位`,`${s.units.length} units`),"all",r.exports?.noticesUrl)))}var ut=".xlsx,.xls,.ods,.docx,.html,.htm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/html";function dt(t){return t.warnings.length?e("div",{class:"table-wrap"},e("table",{class:"warnings"},e("caption",null,n(`读取时发现 ${t.warnings.length} 处需要注意`,`${t.warnings.length} things noticed while reading`)),e("thead",null,e("tr",null,e("th",null,n("工作表","Sheet")),e("th",{class:"num"},n("行","Row")),e("th",null,n("列","Column")),e("th",null,n("说明","What was noticed")))),e("tbody",null,t.warnings.map(r=>e("tr",null,e("td",null,r.sheet??"—"),e("td",{class:"num"},r.row??"—"),e("td",null,r.column??"—"),e("td",{title:r.message},ve(r.code,r.message))))))):null}function We(t,r){let s=t.status==="FAILED",o=[[n("标题","Title"),t.title??"—"],[n("发文单位","Issuer"),t.issuer||"—"],[n("年度","Year"),t.year?String(t.year):"—"],[n("期次","Period"),t.period??"—"],[n("报告日期","Reporting date"),C(t.asOf)],[n("读取项目行","Project rows read"),String(t.rowsRead)],[r?n("将新增项目","Projects to create"):n("新增项目","Projects created"),String(t.projectsCreated)],[r?n("将更新项目","Projects to update"):n("更新项目","Projects updated"),String(t.projectsUpdated)]];return e("section",{class:`card run run-${t.status.toLowerCase()}`,"data-status":t.status,"aria-live":"polite"},e("h2",null,`${oe(t.status)} · ${t.source}`),s&&t.error?e("p",{class:"error",role:"alert"},ae(t.error.code)):null,s&&t.error?e("details",null,e("summary",null,n("技术细节","Details")),e("p",{lang:"en"},`${t.error.code}: ${t.error.message}`)):null,s?null:e("dl",{class:"facts-grid"},o.map(([l,a])=>[e("dt",null,l),e("dd",null,a)])),r&&t.outcome==="UNCHANGED"?e("p",{class:"unchanged"},n("这份表格与已有报告相同，导入后不会有任何变化。","This table is the one already held: importing it would change nothing.")):null,r&&t.replaces&&t.outcome!=="UNCHANGED"?e("p",{class:"replaces"},n(`已有 ${C(t.replaces.asOf)}（${t.replaces.period}）的报告，导入后将以这份表为准，原报告保留为修订版本。`,`A report for ${C(t.replaces.asOf)} (${t.replaces.period}) is held; importing makes this table the current one and keeps the old one as a revision.`)):null,t.status==="UNCHANGED"?e("p",null,n("这份文件之前已经导入过，没有写入新内容。","This file was imported before; nothing new was written.")):null,dt(t))}function qe(t){return e("div",{class:"table-wrap"},e("table",{class:"runs"},e("caption",null,n("最近 20 次，最新在前","The latest 20, newest first")),e("thead",null,e("tr",null,e("th",null,n("时间","When")),e("th",{class:"wide-only"},n("来源","Started by")),e("th",null,n("文件","File")),e("th",null,n("结果","Result")),e("th",null,n("报告期","Period")),e("th",{class:"num wide-only"},n("新增/更新","New/updated")),e("th",{class:"num wide-only"},n("提示","Notes")))),e("tbody",null,t.map(r=>e("tr",{"data-run":r.id,class:`run-${r.status.toLowerCase()}`},e("td",null,be(r.finishedAt??r.startedAt)),e("td",{class:"wide-only"},Ee(r.trigger),r.uploadedBy?e("span",{class:"who"},r.uploadedBy):null,r.clientAddress?e("span",{class:"who"},r.clientAddress):null),e("td",{class:"source"},r.source),e("td",{class:"result"},oe(r.status),r.merged?e("span",{class:"why"},r.formUnit?n(`${r.formUnit}报送，已合并`,`${r.formUnit}'s return, merged`):n("已合并","merged")):null,r.error?e("span",{class:"why"},ae(r.error.code)):null),e("td",null,r.period?`${r.year??""} ${r.period}`:"—"),e("td",{class:"num wide-only"},`${r.projectsCreated}/${r.projectsUpdated}`),e("td",{class:"num wide-only"},r.warnings.length||""))))))}async function Ve(t){if(document.title=n("上传调度表 · shishi","Upload · shishi"),!j()){R(t.main,L(n("上传调度表","Upload a table"),null,!1),z(n("上传需要 API 令牌。","Uploading needs the API token."),()=>t.go(t.href("/upload"),!0)));return}let s=(await O(Oe,{})).syncRuns.nodes,o=e("div",null,qe(s)),l=e("span",{class:"live off"},n("连接中…","Connecting…")),a=ye(Le,y=>{let u=y.syncRunFinished;s=[u,...s.filter(A=>A.id!==u.id)].slice(0,20),R(o,qe(s))},y=>{l.className=`live ${y?"on":"off"}`,l.textContent=y?n("实时更新中","Live"):n("连接已断开，正在重连…","Disconnected; reconnecting…")});t.onLeave(()=>a.close());let d=null,g=e("div",{class:"result"}),f=e("input",{type:"date",name:"asOf"}),p=e("input",{type:"text",name:"period",placeholder:n("如：三季度、1-9月","e.g. 三季度, 1-9月")}),m=e("input",{type:"text",name:"issuer",placeholder:n("如：章丘区","e.g. 章丘区")}),c=e("input",{type:"number",name:"headerRow",min:"1",placeholder:n("如：3","e.g. 3")}),i=e("input",{type:"text",name:"columns",placeholder:n("如：goal=B, units=C, progress=D, rate=E","e.g. goal=B, units=C, progress=D, rate=E")}),h=()=>({asOf:f.value||void 0,period:p.value.trim()||void 0,issuer:m.value.trim()||void 0,headerRow:c.value?Number(c.value):void 0,columns:i.value.trim()||void 0}),$=y=>R(g,e("p",{class:"notice notice-loading",role:"status"},y)),T=y=>{y instanceof x&&(y.code==="UNAUTHENTICATED"||y.code==="FORBIDDEN")?R(g,z(B(y.code,y.message),()=>t.go(t.href("/upload"),!0))):R(g,Q(y))},b=async y=>{$(n("正在导入…","Importing…"));try{let u=(await re(ue,{file:y,dryRun:!1,...h()})).uploadSpreadsheet;R(g,We(u,!1),u.status==="SUCCEEDED"&&u.report&&u.year?e("p",null,e("a",{href:t.href("/",{year:u.year}),"data-nav":!0,class:"button primary"},n("查看总览","See the overview"))):null)}catch(u){T(u)}},E=async y=>{d=y,$(n(`正在预检 ${y.name}…`,`Checking ${y.name}…`));try{let u=(await re(ue,{file:y,dryRun:!0,...h()})).uploadSpreadsheet,A=u.status==="DRY_RUN"&&u.outcome!=="UNCHANGED";R(g,We(u,!0),A?e("div",{class:"actions"},e("button",{type:"button",class:"primary",id:"confirm",onclick:()=>{b(y)}},n("确认导入","Import it")),e("button",{type:"button",onclick:()=>R(g)},n("取消","Cancel"))):u.status==="DRY_RUN"?e("div",{class:"actions"},e("button",{type:"button",onclick:()=>R(g)},n("关闭","Close"))):e("p",{class:"hint"},n("请修改表格后重新选择文件。","Fix the table and choose the file again.")))}catch(u){T(u)}},U=e("input",{type:"file",accept:ut,id:"file",onchange:y=>{let u=y.target.files?.[0];u&&E(u)}}),G=e("label",{class:"drop",for:"file",ondragover:y=>{y.preventDefault(),G.classList.add("over")},ondragleave:()=>G.classList.remove("over"),ondrop:y=>{y.preventDefault(),G.classList.remove("over");let u=y.dataTransfer?.files?.[0];u&&E(u)}},e("strong",null,n("把调度表拖到这里，或点击选择文件","Drop the table here, or click to choose it")),e("span",null,n("支持 .xlsx、.xls、.ods、.docx 和网页 .html；先预检，确认后才导入",".xlsx, .xls, .ods, .docx or an .html page; checked first, imported when you confirm")));R(t.main,L(n("上传调度表","Upload a table"),n("每期收到的民生实事项目进展情况调度表","Each period's tracking table"),!1),e("section",{class:"card"},G,U,e("details",{class:"overrides"},e("summary",null,n("标题里没有期次、年份或发文单位，或表头认不出时填写","When the title names no period, year or issuer, or the header is not recognized")),e("label",null,e("span",null,n("报告日期","Reporting date")),f),e("label",null,e("span",null,n("期次","Period")),p),e("label",null,e("span",null,n("发文单位","Issuer")),m),e("label",null,e("span",null,n("表头所在行","Header row")),c),e("label",null,e("span",null,n("各列对应（出错提示里会给出建议）","Columns (a refusal suggests them)")),i),e("button",{type:"button",onclick:()=>d&&void E(d)},n("用这些重新预检","Check again with these"))),g),e("section",{class:"card"},e("h2",null,n("同步记录","Sync runs")," ",l),o))}var ct=[[/^\/$/,Ie],[/^\/projects$/,Ge],[/^\/projects\/([^/]+)$/,De],[/^\/units$/,Be],[/^\/collection$/,Ae],[/^\/upload$/,Ve]],pt=[["/","总览","Overview"],["/projects","项目","Projects"],["/units","单位（红黄榜）","Units"],["/collection","报送情况","Returns"],["/upload","上传","Upload"]],X=[],Z=new Map,Ye=0,pe=[];async function ze(){let t=await O(Te,{});X=[...new Set(t.reports.map(r=>r.year))].sort((r,s)=>s-r),Z=new Map;for(let r of t.reports){let s=Z.get(r.year)??[],o=r.issuer??"";s.includes(o)||s.push(o),Z.set(r.year,s.sort())}}function me(t,r=!1){r?history.replaceState(null,"",t):history.pushState(null,"",t),F()}function Qe(t,r,s,o=[]){return e("select",{"aria-label":t,onchange:l=>{let a=new URLSearchParams(location.search);a.set(r,l.target.value);for(let d of["page",...o])a.delete(d);me(`${location.pathname}?${a}`)}},s.map(([l,a,d])=>e("option",{value:l,selected:d},a)))}function mt(t,r){let s=Qe(n("年度","Year"),"year",t.years.map(a=>[String(a),n(`${a}年`,String(a)),a===t.year])),o=t.issuer===null?null:Qe(n("发文单位","Issuer"),"issuer",t.issuers.map(a=>[a,a||n("（未注明）","(unnamed)"),a===t.issuer]),["unit"]),l=r==="/"?"/":`/${r.split("/")[1]}`;return e("header",{class:"top"},e("div",{class:"brand"},e("a",{href:t.href("/"),"data-nav":!0},e("strong",null,n("民生实事项目调度","Livelihood projects")),e("span",null," · shishi"))),e("nav",{"aria-label":n("主导航","Main")},pt.map(([a,d,g])=>e("a",{href:t.href(a),"data-nav":!0,"aria-current":l===a?"page":null},n(d,g)))),e("div",{class:"tools"},t.years.length?s:null,o,e("button",{type:"button",class:"lang","data-lang-toggle":!0,title:n("Switch to English","切换到中文"),onclick:()=>{$e(M()==="zh"?"en":"zh"),F()}},M()==="zh"?"EN":"中文"),j()?e("button",{type:"button",class:"lang",title:n("清除本次会话保存的 API 令牌","Forget the API token kept for this session"),onclick:()=>{ne(null),F()}},n("退出令牌","Forget token")):null,e("a",{href:"/playground",class:"playground"},n("GraphQL 调试台","GraphQL playground"))))}function z(t,r){let s=e("input",{type:"password",name:"token",autocomplete:"off",required:!0,"aria-label":n("API 令牌","API token")});return e("form",{class:"card token",onsubmit:o=>{o.preventDefault(),ne(s.value.trim()),r()}},e("h2",null,n("请输入 API 令牌","Enter the API token")),e("p",null,t),e("p",{class:"hint"},n("令牌由管理员提供（服务器启动时设置或打印）。它只保存在本浏览器的本次会话中，关闭浏览器即清除。","The administrator has the token (set or printed when the server starts). It is kept for this browser session only.")),e("div",{class:"row"},s,e("button",{type:"submit",class:"primary"},n("确定","OK"))))}function Q(t){if(t instanceof x&&(t.code==="UNAUTHENTICATED"||t.code==="FORBIDDEN"))return z(B(t.code,t.message),()=>{F()});let r=t instanceof x?B(t.code,t.message):n("页面出错了，请刷新重试。","Something went wrong; reload the page.");return le("error",r)}async function F(){let t=++Ye;for(let i of pe)i();pe=[],document.documentElement.lang=M()==="zh"?"zh-CN":"en";let r=document.getElementById("app");if(!r)return;let s=location.pathname.replace(/\/+$/,"")||"/",o=new URLSearchParams(location.search),l=e("main",{id:"main"}),a=Number(o.get("year")),d=X.includes(a)?a:X[0]??null,g=d===null?[]:Z.get(d)??[],f=o.get("issuer"),p=g.length<2?null:f!==null&&g.includes(f)?f:g[0],m={years:X,year:d,issuers:g,issuer:p,params:o,id:"",main:l,href(i,h={}){let $=new URLSearchParams;o.get("year")&&i!=="/upload"&&$.set("year",o.get("year")),p!==null&&i!=="/upload"&&$.set("issuer",p);for(let[b,E]of Object.entries(h))E!=null&&E!==""&&$.set(b,String(E));let T=$.toString();return T?`${i}?${T}`:i},go:me,onLeave(i){pe.push(i)}};r.replaceChildren(mt(m,s),l);let c=ct.find(([i])=>i.test(s));if(!c){W(l,[e("h1",null,n("找不到页面","Page not found")),e("p",null,e("a",{href:"/","data-nav":!0},n("返回总览","Back to the overview")))]);return}m.id=decodeURIComponent(s.match(c[0])?.[1]??""),l.appendChild(le("loading"));try{await c[1](m)}catch(i){if(t!==Ye)return;console.warn("page failed",i),l.replaceChildren(Q(i))}}async function gt(){document.addEventListener("click",t=>{let r=t.target?.closest?.("a[data-nav]");!r||t.defaultPrevented||t.button!==0||t.metaKey||t.ctrlKey||t.shiftKey||r.target||(t.preventDefault(),me(r.getAttribute("href")??"/"))}),window.addEventListener("popstate",()=>{F()});try{await ze()}catch(t){let r=document.getElementById("app"),s=async()=>{try{await ze(),await F()}catch(o){r?.replaceChildren(e("main",{id:"main"},Q(o)))}};if(t instanceof x&&(t.code==="UNAUTHENTICATED"||t.code==="FORBIDDEN")){r?.replaceChildren(e("main",{id:"main"},z(B(t.code,t.message),()=>{s()})));return}r?.replaceChildren(e("main",{id:"main"},Q(t)));return}await F()}gt();})();
