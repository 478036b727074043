"use strict";(()=>{var ee="shishi.token";function k(){try{return sessionStorage.getItem(ee)}catch{return null}}function te(t){try{t?sessionStorage.setItem(ee,t):sessionStorage.removeItem(ee)}catch{}}var w=class extends Error{constructor(s,a){super(a);this.code=s}};function he(){let t=k();return t?{authorization:`Bearer ${t}`}:{}}async function fe(t){let r;try{r=await t.json()}catch{throw new w(t.status===503?"BUSY":"NETWORK",`HTTP ${t.status}`)}let s=r.errors?.[0];if(s)throw new w(s.extensions?.code??"ERROR",s.message);if(!r.data)throw new w("ERROR",`HTTP ${t.status}`);return r.data}async function L(t,r){let s;try{s=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...he()},body:JSON.stringify({query:t,variables:r})})}catch{throw new w("NETWORK","network")}return fe(s)}async function ne(t,r){let s=new FormData;s.append("operations",JSON.stringify({query:t,variables:{...r,file:null}})),s.append("map",JSON.stringify({0:["variables.file"]})),s.append("0",r.file,r.file.name);let a;try{a=await fetch("/graphql",{method:"POST",headers:he(),body:s})}catch{throw new w("NETWORK","network")}return fe(a)}function ye(t,r,s){let a=null,l=!1,o=1e3,d=()=>{let f=`${location.protocol==="https:"?"wss":"ws"}://${location.host}/graphql`,y=new WebSocket(f,"graphql-transport-ws");a=y,y.onopen=()=>{let p=k();y.send(JSON.stringify({type:"connection_init",payload:p?{Authorization:`Bearer ${p}`}:{}}))},y.onmessage=p=>{let g;try{g=JSON.parse(String(p.data))}catch{return}g.type==="connection_ack"?(o=1e3,s(!0),y.send(JSON.stringify({id:"1",type:"subscribe",payload:{query:t}}))):g.type==="next"&&g.payload?.data?r(g.payload.data):g.type==="ping"&&y.send(JSON.stringify({type:"pong"}))},y.onclose=()=>{s(!1),l||(setTimeout(d,o),o=Math.min(o*2,3e4))}};return d(),{close(){l=!0,a?.close(1e3)}}}var Re="shishi.lang";function Ye(){try{return localStorage.getItem(Re)==="en"?"en":"zh"}catch{return"zh"}}var re=Ye();function I(){return re}function Ee(t){re=t;try{localStorage.setItem(Re,t)}catch{}document.documentElement.lang=t==="zh"?"zh-CN":"en"}function n(t,r){return re==="zh"?t:r}var Qe={GREEN:["绿灯","Green"],YELLOW:["黄灯","Yellow"],RED:["红灯","Red"]},Ke={NOT_STARTED:["未开工","Not started"],IN_PROGRESS:["推进中","In progress"],COMPLETED:["已完成","Completed"]},Je={RUNNING:["进行中","Running"],SUCCEEDED:["已导入","Imported"],UNCHANGED:["未变化（已导入过）","Unchanged (imported before)"],FAILED:["失败","Failed"],DRY_RUN:["预检","Dry run"]},Xe={UPLOAD:["上传","Upload"],SCHEDULE:["定时同步","Schedule"],MANUAL:["手动同步","Manual sync"],CLI:["命令行","Command line"],EXAMPLE:["内置示例","Bundled example"]},D=t=>n(...Qe[t]),M=t=>n(...Ke[t]),se=t=>n(...Je[t]),$e=t=>n(...Xe[t]),Ze={EMPTY_FILE:["文件是空的（0 字节）。请重新导出表格后上传保存好的文件。","The file is empty. Export the table again and upload the saved file."],NOT_A_SPREADSHEET:["这不是可读取的表格文件。请上传 .xlsx、.xls、.ods、.docx 或网页（.html）格式的调度表。","Not a table shishi reads. Upload it as .xlsx, .xls, .ods, .docx or an .html page."],UNSUPPORTED_FORMAT:["不支持 .doc、.wps、.et 格式。请在 Word、WPS 或 Excel 中另存为 .docx 或 .xlsx 后再上传。","The .doc, .wps and .et formats are not read. Save the file as .docx or .xlsx and upload that."],UNREADABLE_FILE:["文件无法读取，可能已损坏或不完整。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。","The file cannot be read; it may be damaged. Open it in Excel or WPS, save it again as .xlsx and upload that copy."],PASSWORD_PROTECTED:["文件设有密码。请取消密码保护后再上传。","The file is password protected. Remove the password and upload it again."],TOO_LARGE:["文件或工作表过大，超出服务器的限制。","The file or a sheet is larger than the server accepts."],ARCHIVE_TOO_LARGE:["文件解压后过大，超出服务器的限制。","The file unpacks to more than the server accepts."],NO_HEADER:["找不到表头：表格前 30 行里应有“任务目标”以及“序号、责任单位、进展情况、完成率”中的至少两列。请检查表头文字。","No header row: the first 30 rows need 任务目标 and two of 序号, 责任单位, 进展情况, 完成率."],NO_PROJECT_ROWS:["表头下面没有项目行。","The header has no project rows under it."],NO_YEAR:["标题和文件名里都没有年份。请在标题写明年份（如“2025年…”），或在下方填写报告日期。","No year in the title or file name. Put it in the title, or give the reporting date below."],NO_PERIOD:["标题和文件名里都没有期次。请在标题写明期次（如“二季度”“1-6月”），或在下方填写期次和报告日期。","No period in the title or file name. Put it in the title, or give the period and date below."],BAD_ISSUER:["填写的发文单位不是一个名称，请写表头上的单位名，如“章丘区”（不超过64字）。","The issuer given is not a name; write the issuing body as its tables print it, e.g. 章丘区."],BAD_MAPPING:["指定的表头行或列对不上任何工作表，请对照表格核对行号、列字母或表头文字。","The header row or columns given fit no sheet; check them against the table."],BAD_PERIOD:["填写的期次无法识别，请写“二季度”“1-6月”“上半年”这样的期次。","The period given names no period; write e.g. 二季度, 1-6月, 上半年."],DUPLICATE_PROJECT:["有两行是同一个项目。请合并或删除重复的行。","Two rows name the same project. Merge or remove the repeated row."],SOURCE_UNREADABLE:["同步来源无法读取（文件或文件夹不存在或无权限）。","The sync source cannot be read."],HTTP_STATUS:["同步地址返回了错误状态。","The sync URL answered with an error status."],HTTP_TIMEOUT:["同步地址没有及时响应。","The sync URL did not answer in time."],HTTP_ERROR:["无法从同步地址获取文件。","The file could not be fetched from the sync URL."],INTERRUPTED:["导入过程中服务器停止了，没有写入任何内容。请重新上传。","The server stopped during the import; nothing was written. Upload again."],INTERNAL:["数据库拒绝了这次导入，没有写入任何内容。请联系管理员查看服务器日志。","The database refused the import; nothing was written. The server log has the details."]},et={UNAUTHENTICATED:["需要 API 令牌。","An API token is needed."],FORBIDDEN:["API 令牌不正确。请向管理员确认服务器使用的令牌。","The API token is not valid."],TOO_LARGE:["文件超过服务器允许的大小。","The file is larger than the server accepts."],BUSY:["服务器正忙，请稍后再试。","The server is busy; try again shortly."],NETWORK:["无法连接服务器，请检查网络后重试。","The server cannot be reached."],REQUEST_TIMEOUT:["上传超时，请重试。","The upload timed out; try again."]};function ae(t){let r=Ze[t];return r?n(...r):n(`导入失败（${t}）。`,`The import failed (${t}).`)}function G(t,r){let s=et[t];return s?n(...s):n(`请求失败（${t}）。`,`The request failed (${t}): ${r}`)}var tt={SERIAL_REPEATED:"序号与前面某一行重复；两行都已导入，按项目名称区分。",SERIAL_OUT_OF_SEQUENCE:"序号不连续（可能填错）；该行照常导入。",NO_GOAL:"这一行有序号但没有任务目标，已跳过。",STRAY_ROW:"这一行没有序号和任务目标，上面也没有可接续的项目，已跳过。",RATE_APPROXIMATE:"完成率不是确切数字（约数或文字），已按近似值读取。",RATE_EMPTY:"完成率为空，按“无完成率”保存。",RATE_OUT_OF_RANGE:"完成率超出 0～100%，按“无完成率”保存，原文保留。",RATE_UNREADABLE:"完成率无法识别为数字，按“无完成率”保存，原文保留。",SHEET_SKIPPED:"这个工作表也有一张表，但期次不同，未并入本次导入；请单独导入。",PROJECT_MERGED:"该项目在多个工作表中出现，已合并为一个项目（责任单位与进展合并，保留第一个完成率）。",ISSUER_UNNAMED:"表格标题没有写明区县，而本年度已有多个区县的表格：这张表单独保存，未并入任何区县；请指定区县后再导入一次。"};function ve(t,r){return I()==="en"?r:t&&tt[t]||"读取时发现需要注意的地方（详见英文说明）。"}function e(t,r=null,...s){let a=document.createElement(t);for(let[l,o]of Object.entries(r??{}))o==null||o===!1||(typeof o=="function"?a.addEventListener(l.replace(/^on/,""),o):o===!0?a.setAttribute(l,""):a.setAttribute(l,String(o)));return W(a,s),a}function W(t,r){for(let s of r)s==null||s===!1||(Array.isArray(s)?W(t,s):t.appendChild(typeof s=="object"?s:document.createTextNode(String(s))))}function C(t,...r){return e("a",{href:t,"data-nav":!0},...r)}function v(t){return t==null?"—":`${Math.round(t*10)/10}%`}function Q(t){if(t==null)return"—";let r=Math.round(t*10)/10;return r>0?`+${r}`:r<0?`−${-r}`:"0"}function N(t){if(!t)return"—";let[r,s,a]=t.slice(0,10).split("-").map(Number);return I()==="zh"?`${r}年${s}月${a}日`:new Date(Date.UTC(r,s-1,a)).toLocaleDateString("en",{year:"numeric",month:"short",day:"numeric",timeZone:"UTC"})}function be(t){if(!t)return"—";let r=new Date(t),s=a=>String(a).padStart(2,"0");return`${r.getFullYear()}-${s(r.getMonth()+1)}-${s(r.getDate())} ${s(r.getHours())}:${s(r.getMinutes())}`}function q(t){return e("span",{class:`lamp lamp-${t.toLowerCase()}`},D(t))}function oe(t,r){let s={loading:n("正在加载…","Loading…"),error:n("加载失败。","Could not load."),empty:n("没有数据。","Nothing here.")};return e("p",{class:`notice notice-${t}`,role:t==="error"?"alert":"status"},r??s[t])}function E(t,...r){t.replaceChildren(),W(t,r)}var Te=`
  query Boot {
    reports {
      id
      year
      issuer
      period
      asOf
    }
  }
`,Se=`
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
`,nt=`
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
`,we=`
  query Overview($year: Int!, $issuer: String) {
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
  ${Se}
`,xe=`
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
  ${Se}
`,Ce=`
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
  ${nt}
`,le=`
  fragment Run on SyncRun {
    id
    trigger
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
`,Le=`
  query SyncRuns {
    syncRuns(first: 20) {
      nodes {
        ...Run
      }
    }
  }
  ${le}
`,ie=`
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
  ${le}
`,Oe=`
  subscription RunFinished {
    syncRunFinished {
      ...Run
    }
  }
  ${le}
`;var rt="http://www.w3.org/2000/svg";function Pe(){let t=document.getElementById("main");return Math.round(Math.min(960,Math.max(300,(t?.clientWidth??680)-48)))}function S(t,r,s){let a=document.createElementNS(rt,t);for(let[l,o]of Object.entries(r))a.setAttribute(l,String(o));return s!==void 0&&(a.textContent=s),a}function K(t,r,s){let a=Pe(),l=260,o=44,d=24,f=16,y=48,p=S("svg",{viewBox:`0 0 ${a} ${l}`,class:"chart",role:"img","aria-label":s});p.appendChild(S("title",{},s));let g=m=>t.length<=1?o+(a-o-d)/2:o+m*(a-o-d)/(t.length-1),u=m=>f+(100-m)*(l-f-y)/100;for(let m of[0,25,50,75,100])p.appendChild(S("line",{x1:o,x2:a-d,y1:u(m),y2:u(m),class:"grid"})),p.appendChild(S("text",{x:o-6,y:u(m)+4,class:"axis","text-anchor":"end"},`${m}%`));t.forEach((m,R)=>{let T=t.length>1&&R===0?"start":t.length>1&&R===t.length-1?"end":"middle";p.appendChild(S("text",{x:g(R),y:l-y+18,class:"axis","text-anchor":T},m))});for(let m of r){let R=m.values.map((b,$)=>b===null?null:[g($),u(b)]),T=R.map((b,$)=>b?`${$===0||!R[$-1]?"M":"L"}${b[0].toFixed(1)},${b[1].toFixed(1)}`:"").join("");T&&p.appendChild(S("path",{d:T,class:`line ${m.kind}${m.dashed?" dashed":""}`})),R.forEach((b,$)=>{if(!b)return;let O=S("circle",{cx:b[0],cy:b[1],r:4,class:`dot ${m.kind}`});O.appendChild(S("title",{},`${m.name} ${t[$]}: ${Math.round((m.values[$]??0)*10)/10}%`)),p.appendChild(O)})}let i=o;for(let m of r){p.appendChild(S("line",{x1:i,x2:i+18,y1:l-10,y2:l-10,class:`line ${m.kind}${m.dashed?" dashed":""}`}));let R=S("text",{x:i+24,y:l-6,class:"legend"},m.name);p.appendChild(R),i+=24+m.name.length*13+24}return p}function Ue(t,r,s){let a=Pe(),l=24,o=Math.min(150,Math.round(a*.36)),d=56,f=8,y=f*2+l*t.length,p=S("svg",{viewBox:`0 0 ${a} ${y}`,class:"chart bars",role:"img","aria-label":s});p.appendChild(S("title",{},s));let g=u=>o+u*(a-o-d)/100;return t.forEach((u,i)=>{let m=f+i*l,R=Math.floor((o-10)/13),T=u.label.length>R?`${u.label.slice(0,R-1)}…`:u.label;p.appendChild(S("text",{x:o-8,y:m+15,class:"axis","text-anchor":"end"},T));let b=S("rect",{x:o,y:m+3,width:Math.max(0,g(u.value??0)-o),height:l-6,rx:3,class:`bar ${u.kind}`});b.appendChild(S("title",{},`${u.label}: ${u.value===null?"—":`${Math.round(u.value*10)/10}%`}`)),p.appendChild(b),p.appendChild(S("text",{x:g(u.value??0)+6,y:m+15,class:"value"},u.value===null?"—":`${Math.round(u.value*10)/10}%`))}),r!==null&&p.appendChild(S("line",{x1:g(r),x2:g(r),y1:2,y2:y-2,class:"mark"})),p}function _(t,r,s,a){let l=[e("span",{class:"label"},r),e("strong",{class:"value"},s),a?.sub?e("span",{class:"sub"},a.sub):null],o=`figure${a?.kind?` figure-${a.kind}`:""}`;return a?.href?e("a",{class:o,href:a.href,"data-nav":!0,"data-figure":t},l):e("div",{class:o,"data-figure":t},l)}function A(t,r){return t.find(s=>s.light===r)?.count??0}function V(t,r,s){return e("div",{class:"table-wrap"},e("table",{class:"projects"},e("caption",null,s),e("thead",null,e("tr",null,e("th",{class:"num"},n("序号","No.")),e("th",null,n("项目","Project")),e("th",{class:"units-col"},n("责任单位","Units")),e("th",{class:"num"},n("完成率","Rate")),e("th",{class:"num"},n("较上期","Change")),e("th",null,n("亮灯","Light")),e("th",{class:"status-col"},n("状态","Status")))),e("tbody",null,r.map((a,l)=>[a.node.category&&a.node.category!==r[l-1]?.node.category?e("tr",{class:"category"},e("th",{colspan:7,scope:"rowgroup"},C(t.href("/projects",{category:a.node.category}),a.node.category))):null,e("tr",{"data-id":a.node.id},e("td",{class:"num"},a.node.serialNo===null||a.node.serialNo===void 0?"—":`${a.node.serialNo}${a.node.serialMark??""}`),e("td",{class:"name"},C(t.href(`/projects/${encodeURIComponent(a.node.id)}`),a.node.name),a.progress?.summary?e("span",{class:"summary"},a.progress.summary):null),e("td",{class:"units-col"},a.node.units.map(o=>o.name).join("、")),e("td",{class:"num rate"},a.progress?v(a.progress.completionRate):"—",a.progress?.rateSource==="ITEMS"?e("span",{class:"rate-source",title:n("表中未填项目完成率，按各子项目完成率平均","The table gives no rate for the project: the mean of its sub-items'")},n("子项平均","items' mean")):null),e("td",{class:`num delta${a.progress?.stalled?" stalled":""}`},a.progress?Q(a.progress.delta):"—",a.progress?.stalled?e("span",{class:"tag"},n("停滞","stalled")):null),e("td",null,a.progress?q(a.progress.light):"—"),e("td",{class:"status-col"},a.progress?M(a.progress.status):"—"))]))))}function ce(t){let r=k();if(!r)return;t.preventDefault();let s=t.currentTarget;(async()=>{let a=await fetch(s.href,{headers:{authorization:`Bearer ${r}`}});if(!a.ok){alert(n(`下载失败（HTTP ${a.status}）`,`Download failed (HTTP ${a.status})`));return}let l=/filename\*=UTF-8''([^;]+)/i.exec(a.headers.get("content-disposition")??"")?.[1],o=URL.createObjectURL(await a.blob()),d=e("a",{href:o,download:l?decodeURIComponent(l):""});document.body.appendChild(d),d.click(),d.remove(),setTimeout(()=>URL.revokeObjectURL(o),1e4)})()}function B(t){let r=t.filter(s=>!!s[1]);return r.length?e("div",{class:"downloads no-print"},e("span",null,n("下载：","Download: ")),r.map(([s,a])=>e("a",{href:a,download:"",class:"download",onclick:ce},s))):null}function P(t,r,s=!0){return e("div",{class:"page-title"},e("div",null,e("h1",null,t),r?e("p",{class:"sub"},r):null),s?e("button",{type:"button",class:"no-print",onclick:()=>window.print()},n("打印","Print")):null)}function j(t){return e("div",{class:"card empty"},e("h1",null,n("还没有导入任何调度表","No table has been imported yet")),e("p",null,n("上传一份民生实事项目进展情况调度表后，这里会显示总览。","Upload a tracking table and the overview appears here.")),C(t.href("/upload"),n("去上传","Upload a table")))}async function Ae(t){if(t.year===null){E(t.main,j(t));return}let r=t.year,s=await L(we,{year:r,issuer:t.issuer}),a=s.summary;if(document.title=n(`总览 · ${r}年民生实事`,`Overview · ${r}`),!a.report){E(t.main,j(t));return}let l=e("section",{class:"figures","aria-label":n("主要指标","Figures")},_("period",n("报告期","Period"),a.report.period,{sub:N(a.asOf)}),_("expectedRate",n("序时进度","Expected by now"),v(a.expectedRate)),_("projectCount",n("项目总数","Projects"),String(a.projectCount),{href:t.href("/projects")}),_("completedCount",n("已完成","Completed"),String(a.completedCount),{href:t.href("/projects",{status:"COMPLETED"}),kind:"done"}),_("averageRate",n("平均完成率","Average rate"),v(a.averageRate))),o=e("section",{class:"figures lights","aria-label":n("亮灯情况","Lights")},["GREEN","YELLOW","RED"].map(i=>_(i,D(i),String(A(a.byLight,i)),{kind:i.toLowerCase(),href:t.href("/projects",{light:i}),sub:n("个项目","projects")}))),d=s.trend.map(i=>i.report.period),f=e("section",{class:"card"},e("h2",null,n("完成率走势","Rate over the year")),s.trend.length?K(d,[{name:n("平均完成率","Average rate"),kind:"actual",values:s.trend.map(i=>i.averageRate)},{name:n("序时进度","Expected"),kind:"expected",values:s.trend.map(i=>i.expectedRate),dashed:!0}],n("平均完成率与序时进度","Average rate and expected rate")):null,e("table",{class:"compact trend"},e("thead",null,e("tr",null,e("th",null,n("报告期","Period")),e("th",{class:"date-col"},n("日期","Date")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num"},n("序时进度","Expected")),e("th",{class:"num"},n("已完成","Completed")))),e("tbody",null,s.trend.map(i=>e("tr",null,e("td",null,i.report.period),e("td",{class:"date-col nowrap"},N(i.asOf)),e("td",{class:"num"},v(i.averageRate)),e("td",{class:"num"},v(i.expectedRate)),e("td",{class:"num"},`${i.completedCount}/${i.projectCount}`)))))),y=e("section",{class:"card",id:"red"},e("h2",null,n(`红灯项目（${s.red.totalCount}）`,`Red projects (${s.red.totalCount})`)),s.red.totalCount?V(t,s.red.edges,n("落后序时进度 30 个百分点以上，或完成率无法读取","More than 30 points behind, or no readable rate")):e("p",{class:"ok"},n("没有红灯项目。","No red projects.")),s.red.totalCount>s.red.edges.length?C(t.href("/projects",{light:"RED"}),n("查看全部红灯项目","All red projects")):null),p=e("section",{class:"card",id:"stalled"},e("h2",null,n(`停滞项目（${s.stalled.totalCount}）`,`Stalled projects (${s.stalled.totalCount})`)),s.stalled.totalCount?V(t,s.stalled.edges,n("未完成，且完成率与上期相同","Not completed, and the rate has not moved since the last report")):e("p",{class:"ok"},n("没有停滞项目。","No stalled projects.")),s.stalled.totalCount>s.stalled.edges.length?C(t.href("/projects",{stalled:"true"}),n("查看全部停滞项目","All stalled projects")):null),g=s.city.issuers.length>1?e("section",{class:"card",id:"city"},e("h2",null,n(`各地区排名（${s.city.issuers.length} 个发文单位）`,`Issuers ranked (${s.city.issuers.length})`)),e("table",{class:"compact"},e("thead",null,e("tr",null,e("th",{class:"num"},n("名次","Rank")),e("th",null,n("发文单位","Issuer")),e("th",{class:"date-col"},n("报告期","Period")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num"},n("已完成","Completed")),e("th",{class:"num"},n("红灯","Red")))),e("tbody",null,s.city.issuers.map(i=>e("tr",{"aria-current":(i.issuer??"")===t.issuer?"true":null},e("td",{class:"num"},String(i.rank)),e("td",null,e("a",{href:`/?year=${r}&issuer=${encodeURIComponent(i.issuer??"")}`,"data-nav":!0},i.issuer??n("（未注明）","(unnamed)"))),e("td",{class:"nowrap date-col"},`${i.report.period}（${N(i.asOf)}）`),e("td",{class:"num"},v(i.averageRate)),e("td",{class:"num"},`${i.completedCount}/${i.projectCount}`),e("td",{class:"num"},String(A(i.byLight,"RED")))))),e("tfoot",null,e("tr",null,e("td",null,""),e("th",null,n("合计","All")),e("td",{class:"date-col"},""),e("td",{class:"num"},v(s.city.total.averageRate)),e("td",{class:"num"},`${s.city.total.completedCount}/${s.city.total.projectCount}`),e("td",null,""))))):null,u=t.issuer??"";E(t.main,P(n(`${u}${r}年民生实事项目总览`,`Livelihood projects ${r}${u?` · ${u}`:""}`),a.report.title),g,B([[n("本期调度表","This report (xlsx)"),a.report.exportUrl],[n("本期通报（Word）","This period's bulletin (Word)"),s.exports?.bulletinUrl],[n("督办单（Word）","Notices to units behind pace (Word)"),s.exports?.noticesUrl],[n("下期填报表","Next period's form"),s.exports?.nextPeriodUrl],[n("全年进展历史","History (xlsx)"),s.exports?.historyXlsxUrl],[n("历史 CSV","History (CSV)"),s.exports?.historyCsvUrl]]),l,o,y,p,f)}async function ke(t){let r=null;try{r=(await L(Ce,{id:t.id})).project}catch(l){if(!(l instanceof w&&l.code==="BAD_USER_INPUT"))throw l}if(!r){E(t.main,e("h1",null,n("找不到这个项目","No such project")),C(t.href("/projects"),n("返回项目列表","Back to the projects")));return}document.title=`${r.name} · shishi`;let s=r.history[r.history.length-1],a=K(r.history.map(l=>l.report.period),[{name:n("完成率","Rate"),kind:"actual",values:r.history.map(l=>l.completionRate)},{name:n("序时进度","Expected"),kind:"expected",values:r.history.map(l=>l.expectedRate),dashed:!0}],n("完成率与序时进度","Rate and expected rate"));E(t.main,e("p",{class:"crumbs no-print"},C(t.href("/projects"),n("← 项目列表","← Projects"))),P(`${r.serialNo?`${r.serialNo}${r.serialMark??""}. `:""}${r.name}`,n(`${r.year}年民生实事项目`,`Livelihood project ${r.year}`)),e("section",{class:"card facts"},e("dl",null,r.category?[e("dt",null,n("类别","Category")),e("dd",{class:"category"},C(t.href("/projects",{category:r.category}),r.category))]:null,e("dt",null,n("任务目标","Goal")),e("dd",{class:"goal"},r.goal),e("dt",null,n("责任单位","Units")),e("dd",null,r.units.map((l,o)=>[o?"、":"",C(t.href("/projects",{unit:l.name}),l.name)])),s?[e("dt",null,n("最新完成率","Latest rate")),e("dd",{class:"latest"},e("strong",null,v(s.completionRate))," ",q(s.light)," ",M(s.status),n(`（${s.report.period}，序时进度 ${v(s.expectedRate)}）`,` (${s.report.period}, expected ${v(s.expectedRate)})`),s.rateSource==="ITEMS"?e("span",{class:"rate-source"},n("表中未填项目完成率，为各子项目完成率的平均","the table gives no rate for the project: the mean of its sub-items'")):null)]:null)),s&&s.items.length?st(s):null,e("section",{class:"card"},e("h2",null,n("完成率走势","Rate over the year")),a),e("section",{class:"card"},e("h2",null,n("各期进展","Progress by period")),e("ol",{class:"timeline"},[...r.history].reverse().map(l=>e("li",null,e("div",{class:"when"},e("strong",null,l.report.period),e("span",null,N(l.report.asOf)),e("span",{class:"rate"},v(l.completionRate)),e("span",{class:"delta"},n("较上期 ","change "),Q(l.delta)),q(l.light),l.stalled?e("span",{class:"tag"},n("停滞","stalled")):null),l.items.length?e("p",{class:"item-rates"},l.items.map((o,d)=>[d?"；":"",`${o.name} ${v(o.completionRate)}`])):null,e("p",{class:"detail"},l.detail||n("（未填写进展）","(no progress text)")),l.remarks?e("p",{class:"remarks"},n("备注：","Remarks: "),l.remarks):null)))))}function st(t){let r=(s,a)=>s?`${s}${a??""}`:"—";return e("section",{class:"card"},e("h2",null,n(`子项目（${t.report.period}）`,`Sub-items (${t.report.period})`)),e("div",{class:"table-wrap"},e("table",{class:"items"},e("thead",null,e("tr",null,e("th",{class:"num"},n("序号","No.")),e("th",null,n("子项目","Sub-item")),e("th",{class:"units-col"},n("责任单位","Units")),e("th",{class:"num"},n("目标","Target")),e("th",{class:"num"},n("已完成","Done")),e("th",{class:"num"},n("完成率","Rate")))),e("tbody",null,t.items.map((s,a)=>e("tr",null,e("td",{class:"num"},s.serial??String(a+1)),e("td",{class:"name"},s.name),e("td",{class:"units-col"},s.units.map(l=>l.name).join("、")||"—"),e("td",{class:"num"},r(s.target,s.measure)),e("td",{class:"num"},r(s.done,s.measure)),e("td",{class:"num rate"},s.completionRate===null||s.completionRate===void 0?s.rawRate||"—":v(s.completionRate))))))))}var je=[10,20,50,100],Ie=["GREEN","YELLOW","RED"],De=["NOT_STARTED","IN_PROGRESS","COMPLETED"],Me=[["SERIAL","序号","No."],["RATE","完成率","Rate"],["RATE_CHANGE","较上期变化","Change"],["LIGHT","亮灯","Light"],["NAME","名称","Name"]];function ue(t,r){return r.find(s=>s===t)}async function _e(t){if(t.year===null){E(t.main,j(t));return}let r=t.params,s=r.get("unit")||void 0,a=ue(r.get("light"),Ie),l=ue(r.get("status"),De),o=r.get("stalled")==="true"?!0:void 0,d=r.get("q")?.trim()||void 0,f=r.get("category")||void 0,y=ue(r.get("sort"),Me.map(c=>c[0]))??"SERIAL",p=r.get("dir")==="desc",g=Math.max(1,Math.floor(Number(r.get("page"))||1)),u=je.find(c=>c===Number(r.get("size")))??20,i=await L(xe,{year:t.year,issuer:t.issuer,unit:s,light:a,status:l,stalled:o,search:d,category:f,orderBy:{field:y,direction:p?"DESC":"ASC"},first:u,offset:(g-1)*u});document.title=n(`项目 · ${t.year}年民生实事`,`Projects · ${t.year}`);let m={unit:s,light:a,status:l,stalled:o?"true":void 0,q:d,category:f,sort:y==="SERIAL"?void 0:y,dir:p?"desc":void 0,size:u===20?void 0:String(u)},R=c=>t.href("/projects",{...m,...c}),T=(c,U,x,Z)=>e("label",null,e("span",null,U),e("select",{name:c},e("option",{value:""},n("全部","All")),x.map(([ge,ze])=>e("option",{value:ge,selected:ge===Z},ze)))),b=e("form",{class:"filters no-print",role:"search",onsubmit:c=>{c.preventDefault();let U=new FormData(c.target),x=Z=>U.get(Z)||void 0;t.go(R({unit:x("unit"),light:x("light"),status:x("status"),stalled:x("stalled"),q:x("q")?.trim()||void 0,sort:x("sort")==="SERIAL"?void 0:x("sort"),dir:x("dir"),size:x("size")==="20"?void 0:x("size"),page:void 0}))},onchange:c=>{c.target.tagName==="SELECT"&&c.currentTarget.requestSubmit()}},e("label",{class:"search"},e("span",null,n("搜索","Search")),e("input",{type:"search",name:"q",value:d??"",placeholder:n("项目名称、目标或进展","Name, goal or progress")})),T("unit",n("责任单位","Unit"),i.units.map(c=>[c.name,c.name]),s),T("light",n("亮灯","Light"),Ie.map(c=>[c,D(c)]),a),T("status",n("状态","Status"),De.map(c=>[c,M(c)]),l),T("stalled",n("停滞","Stalled"),[["true",n("仅停滞项目","Stalled only")]],o?"true":void 0),e("label",null,e("span",null,n("排序","Sort by")),e("select",{name:"sort"},Me.map(([c,U,x])=>e("option",{value:c,selected:c===y},n(U,x))))),e("label",null,e("span",null,n("顺序","Order")),e("select",{name:"dir"},e("option",{value:""},n("升序","Ascending")),e("option",{value:"desc",selected:p},n("降序","Descending")))),e("label",null,e("span",null,n("每页","Per page")),e("select",{name:"size"},je.map(c=>e("option",{value:c,selected:c===u},String(c))))),e("button",{type:"submit",class:"primary"},n("查询","Apply")),e("a",{href:t.href("/projects"),"data-nav":!0,class:"reset"},n("清除条件","Clear"))),$=i.projects.totalCount,O=Math.max(1,Math.ceil($/u));if(g>O){t.go(R({page:O>1?O:void 0}),!0);return}let F=e("nav",{class:"pager no-print","aria-label":n("分页","Pages")},g>1?e("a",{href:R({page:g-1}),"data-nav":!0,rel:"prev"},n("上一页","Previous")):e("span",{class:"disabled"},n("上一页","Previous")),e("span",{class:"where"},n(`第 ${g} / ${O} 页，共 ${$} 个项目`,`Page ${g} of ${O}, ${$} projects`)),g<O?e("a",{href:R({page:g+1}),"data-nav":!0,rel:"next"},n("下一页","Next")):e("span",{class:"disabled"},n("下一页","Next"))),h=[f,s,a&&D(a),l&&M(l),o&&n("停滞","stalled"),d&&`“${d}”`].filter(Boolean).join(" · ");E(t.main,P(n(`${t.year}年项目`,`Projects ${t.year}`),h||null),b,B([[s?n(`${s}的下期填报表`,`Next period's form for ${s}`):n("下期填报表","Next period's form"),i.exports?.nextPeriodUrl]]),$?V(t,i.projects.edges,n(`符合条件的项目 ${$} 个`,`${$} projects match`)):e("p",{class:"notice notice-empty"},n("没有符合条件的项目。","No project matches.")),F)}function at(t,r){if(!r||A(t.byLight,"RED")+A(t.byLight,"YELLOW")===0)return null;let s=`${r}&unit=${encodeURIComponent(t.unit.name)}`;return e("a",{href:s,download:"",class:"download notice",onclick:ce,title:n(`${t.unit.name}的督办单`,`Notice to ${t.unit.name}`)},n("督办单","Notice"))}function de(t,r,s,a="",l){return e("div",{class:"table-wrap"},e("table",{class:`units ${a}`},e("caption",null,s),e("thead",null,e("tr",null,e("th",{class:"num"},n("名次","Rank")),e("th",null,n("单位","Unit")),e("th",{class:"num"},n("项目","Projects")),e("th",{class:"num"},n("已完成","Done")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num light-col"},n("绿","G")),e("th",{class:"num light-col"},n("黄","Y")),e("th",{class:"num light-col"},n("红","R")),l?e("th",{class:"no-print"},n("督办","Notice")):null)),e("tbody",null,r.map(o=>e("tr",null,e("td",{class:"num"},o.rank),e("td",null,C(t.href("/projects",{unit:o.unit.name}),o.unit.name)),e("td",{class:"num"},o.projectCount),e("td",{class:"num"},o.completedCount),e("td",{class:"num rate"},v(o.averageRate)),e("td",{class:"num light-col green"},A(o.byLight,"GREEN")),e("td",{class:"num light-col yellow"},A(o.byLight,"YELLOW")),e("td",{class:"num light-col red"},A(o.byLight,"RED")),l?e("td",{class:"no-print"},at(o,l)):null)))))}async function He(t){if(t.year===null){E(t.main,j(t));return}let r=await L(Ne,{year:t.year,issuer:t.issuer}),s=r.unitRanking;if(document.title=n(`红黄榜 · ${t.year}年民生实事`,`Units · ${t.year}`),!s.asOf){E(t.main,j(t));return}let a=r.summary.expectedRate,l=o=>o===null||a===null?"red":o>=100||a-o<10?"green":a-o<=30?"yellow":"red";E(t.main,P(n(`${t.year}年责任单位红黄榜`,`Units ranked, ${t.year}`),n(`${r.summary.report?.period??""}（截至${N(s.asOf)}），按平均完成率排名`,`${r.summary.report?.period??""} (as of ${N(s.asOf)}), by average rate`)),B([[n("全年进展历史（含红黄榜）","History with the ranking (xlsx)"),r.exports?.historyXlsxUrl],[n("全部督办单（Word）","Every notice (Word)"),r.exports?.noticesUrl]]),e("div",{class:"boards"},e("section",{class:"card board best"},e("h2",null,n("红榜（前 5 名）","Best 5")),de(t,s.best,n("平均完成率最高的单位","Highest average rate"))),e("section",{class:"card board worst"},e("h2",null,n("黄榜（后 5 名）","Worst 5")),de(t,s.worst,n("平均完成率最低的单位","Lowest average rate")))),e("section",{class:"card"},e("h2",null,n("各单位平均完成率","Average rate per unit")),e("p",{class:"hint"},n(`竖线为序时进度 ${v(a)}`,`The line marks the expected rate, ${v(a)}`)),Ue(s.units.map(o=>({label:o.unit.name,value:o.averageRate,kind:l(o.averageRate)})),a,n("各单位平均完成率","Average rate per unit"))),e("section",{class:"card"},e("h2",null,n("全部单位","Every unit")),de(t,s.units,n(`共 ${s.units.length} 个单位`,`${s.units.length} units`),"all",r.exports?.noticesUrl)))}var ot=".xlsx,.xls,.ods,.docx,.html,.htm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/html";function lt(t){return t.warnings.length?e("div",{class:"table-wrap"},e("table",{class:"warnings"},e("caption",null,n(`读取时发现 ${t.warnings.length} 处需要注意`,`${t.warnings.length} things noticed while reading`)),e("thead",null,e("tr",null,e("th",null,n("工作表","Sheet")),e("th",{class:"num"},n("行","Row")),e("th",null,n("列","Column")),e("th",null,n("说明","What was noticed")))),e("tbody",null,t.warnings.map(r=>e("tr",null,e("td",null,r.sheet??"—"),e("td",{class:"num"},r.row??"—"),e("td",null,r.column??"—"),e("td",{title:r.message},ve(r.code,r.message))))))):null}function Fe(t,r){let s=t.status==="FAILED",a=[[n("标题","Title"),t.title??"—"],[n("发文单位","Issuer"),t.issuer||"—"],[n("年度","Year"),t.year?String(t.year):"—"],[n("期次","Period"),t.period??"—"],[n("报告日期","Reporting date"),N(t.asOf)],[n("读取项目行","Project rows read"),String(t.rowsRead)],[r?n("将新增项目","Projects to create"):n("新增项目","Projects created"),String(t.projectsCreated)],[r?n("将更新项目","Projects to update"):n("更新项目","Projects updated"),String(t.projectsUpdated)]];return e("section",{class:`card run run-${t.status.toLowerCase()}`,"data-status":t.status,"aria-live":"polite"},e("h2",null,`${se(t.status)} · ${t.source}`),s&&t.error?e("p",{class:"error",role:"alert"},ae(t.error.code)):null,s&&t.error?e("details",null,e("summary",null,n("技术细节","Details")),e("p",{lang:"en"},`${t.error.code}: ${t.error.message}`)):null,s?null:e("dl",{class:"facts-grid"},a.map(([l,o])=>[e("dt",null,l),e("dd",null,o)])),r&&t.replaces?e("p",{class:"replaces"},n(`已有 ${N(t.replaces.asOf)}（${t.replaces.period}）的报告，导入后将以这份表为准，原报告保留为修订版本。`,`A report for ${N(t.replaces.asOf)} (${t.replaces.period}) is held; importing makes this table the current one and keeps the old one as a revision.`)):null,t.status==="UNCHANGED"?e("p",null,n("这份文件之前已经导入过，没有写入新内容。","This file was imported before; nothing new was written.")):null,lt(t))}function Ge(t){return e("div",{class:"table-wrap"},e("table",{class:"runs"},e("caption",null,n("最近 20 次，最新在前","The latest 20, newest first")),e("thead",null,e("tr",null,e("th",null,n("时间","When")),e("th",{class:"wide-only"},n("来源","Started by")),e("th",null,n("文件","File")),e("th",null,n("结果","Result")),e("th",null,n("报告期","Period")),e("th",{class:"num wide-only"},n("新增/更新","New/updated")),e("th",{class:"num wide-only"},n("提示","Notes")))),e("tbody",null,t.map(r=>e("tr",{"data-run":r.id,class:`run-${r.status.toLowerCase()}`},e("td",null,be(r.finishedAt??r.startedAt)),e("td",{class:"wide-only"},$e(r.trigger)),e("td",{class:"source"},r.source),e("td",{class:"result"},se(r.status),r.error?e("span",{class:"why"},ae(r.error.code)):null),e("td",null,r.period?`${r.year??""} ${r.period}`:"—"),e("td",{class:"num wide-only"},`${r.projectsCreated}/${r.projectsUpdated}`),e("td",{class:"num wide-only"},r.warnings.length||""))))))}async function Be(t){if(document.title=n("上传调度表 · shishi","Upload · shishi"),!k()){E(t.main,P(n("上传调度表","Upload a table"),null,!1),z(n("上传需要 API 令牌。","Uploading needs the API token."),()=>t.go(t.href("/upload"),!0)));return}let s=(await L(Le,{})).syncRuns.nodes,a=e("div",null,Ge(s)),l=e("span",{class:"live off"},n("连接中…","Connecting…")),o=ye(Oe,h=>{let c=h.syncRunFinished;s=[c,...s.filter(U=>U.id!==c.id)].slice(0,20),E(a,Ge(s))},h=>{l.className=`live ${h?"on":"off"}`,l.textContent=h?n("实时更新中","Live"):n("连接已断开，正在重连…","Disconnected; reconnecting…")});t.onLeave(()=>o.close());let d=null,f=e("div",{class:"result"}),y=e("input",{type:"date",name:"asOf"}),p=e("input",{type:"text",name:"period",placeholder:n("如：三季度、1-9月","e.g. 三季度, 1-9月")}),g=e("input",{type:"text",name:"issuer",placeholder:n("如：章丘区","e.g. 章丘区")}),u=e("input",{type:"number",name:"headerRow",min:"1",placeholder:n("如：3","e.g. 3")}),i=e("input",{type:"text",name:"columns",placeholder:n("如：goal=B, units=C, progress=D, rate=E","e.g. goal=B, units=C, progress=D, rate=E")}),m=()=>({asOf:y.value||void 0,period:p.value.trim()||void 0,issuer:g.value.trim()||void 0,headerRow:u.value?Number(u.value):void 0,columns:i.value.trim()||void 0}),R=h=>E(f,e("p",{class:"notice notice-loading",role:"status"},h)),T=h=>{h instanceof w&&(h.code==="UNAUTHENTICATED"||h.code==="FORBIDDEN")?E(f,z(G(h.code,h.message),()=>t.go(t.href("/upload"),!0))):E(f,Y(h))},b=async h=>{R(n("正在导入…","Importing…"));try{let c=(await ne(ie,{file:h,dryRun:!1,...m()})).uploadSpreadsheet;E(f,Fe(c,!1),c.status==="SUCCEEDED"&&c.report&&c.year?e("p",null,e("a",{href:t.href("/",{year:c.year}),"data-nav":!0,class:"button primary"},n("查看总览","See the overview"))):null)}catch(c){T(c)}},$=async h=>{d=h,R(n(`正在预检 ${h.name}…`,`Checking ${h.name}…`));try{let c=(await ne(ie,{file:h,dryRun:!0,...m()})).uploadSpreadsheet,U=c.status==="DRY_RUN";E(f,Fe(c,!0),U?e("div",{class:"actions"},e("button",{type:"button",class:"primary",id:"confirm",onclick:()=>{b(h)}},n("确认导入","Import it")),e("button",{type:"button",onclick:()=>E(f)},n("取消","Cancel"))):e("p",{class:"hint"},n("请修改表格后重新选择文件。","Fix the table and choose the file again.")))}catch(c){T(c)}},O=e("input",{type:"file",accept:ot,id:"file",onchange:h=>{let c=h.target.files?.[0];c&&$(c)}}),F=e("label",{class:"drop",for:"file",ondragover:h=>{h.preventDefault(),F.classList.add("over")},ondragleave:()=>F.classList.remove("over"),ondrop:h=>{h.preventDefault(),F.classList.remove("over");let c=h.dataTransfer?.files?.[0];c&&$(c)}},e("strong",null,n("把调度表拖到这里，或点击选择文件","Drop the table here, or click to choose it")),e("span",null,n("支持 .xlsx、.xls、.ods、.docx 和网页 .html；先预检，确认后才导入",".xlsx, .xls, .ods, .docx or an .html page; checked first, imported when you confirm")));E(t.main,P(n("上传调度表","Upload a table"),n("每期收到的民生实事项目进展情况调度表","Each period's tracking table"),!1),e("section",{class:"card"},F,O,e("details",{class:"overrides"},e("summary",null,n("标题里没有期次、年份或发文单位，或表头认不出时填写","When the title names no period, year or issuer, or the header is not recognized")),e("label",null,e("span",null,n("报告日期","Reporting date")),y),e("label",null,e("span",null,n("期次","Period")),p),e("label",null,e("span",null,n("发文单位","Issuer")),g),e("label",null,e("span",null,n("表头所在行","Header row")),u),e("label",null,e("span",null,n("各列对应（出错提示里会给出建议）","Columns (a refusal suggests them)")),i),e("button",{type:"button",onclick:()=>d&&void $(d)},n("用这些重新预检","Check again with these"))),f),e("section",{class:"card"},e("h2",null,n("同步记录","Sync runs")," ",l),a))}var it=[[/^\/$/,Ae],[/^\/projects$/,_e],[/^\/projects\/([^/]+)$/,ke],[/^\/units$/,He],[/^\/upload$/,Be]],ct=[["/","总览","Overview"],["/projects","项目","Projects"],["/units","单位（红黄榜）","Units"],["/upload","上传","Upload"]],J=[],X=new Map,We=0,pe=[];async function qe(){let t=await L(Te,{});J=[...new Set(t.reports.map(r=>r.year))].sort((r,s)=>s-r),X=new Map;for(let r of t.reports){let s=X.get(r.year)??[],a=r.issuer??"";s.includes(a)||s.push(a),X.set(r.year,s.sort())}}function me(t,r=!1){r?history.replaceState(null,"",t):history.pushState(null,"",t),H()}function Ve(t,r,s,a=[]){return e("select",{"aria-label":t,onchange:l=>{let o=new URLSearchParams(location.search);o.set(r,l.target.value);for(let d of["page",...a])o.delete(d);me(`${location.pathname}?${o}`)}},s.map(([l,o,d])=>e("option",{value:l,selected:d},o)))}function ut(t,r){let s=Ve(n("年度","Year"),"year",t.years.map(o=>[String(o),n(`${o}年`,String(o)),o===t.year])),a=t.issuer===null?null:Ve(n("发文单位","Issuer"),"issuer",t.issuers.map(o=>[o,o||n("（未注明）","(unnamed)"),o===t.issuer]),["unit"]),l=r==="/"?"/":`/${r.split("/")[1]}`;return e("header",{class:"top"},e("div",{class:"brand"},e("a",{href:t.href("/"),"data-nav":!0},e("strong",null,n("民生实事项目调度","Livelihood projects")),e("span",null," · shishi"))),e("nav",{"aria-label":n("主导航","Main")},ct.map(([o,d,f])=>e("a",{href:t.href(o),"data-nav":!0,"aria-current":l===o?"page":null},n(d,f)))),e("div",{class:"tools"},t.years.length?s:null,a,e("button",{type:"button",class:"lang","data-lang-toggle":!0,title:n("Switch to English","切换到中文"),onclick:()=>{Ee(I()==="zh"?"en":"zh"),H()}},I()==="zh"?"EN":"中文"),k()?e("button",{type:"button",class:"lang",title:n("清除本次会话保存的 API 令牌","Forget the API token kept for this session"),onclick:()=>{te(null),H()}},n("退出令牌","Forget token")):null,e("a",{href:"/playground",class:"playground"},n("GraphQL 调试台","GraphQL playground"))))}function z(t,r){let s=e("input",{type:"password",name:"token",autocomplete:"off",required:!0,"aria-label":n("API 令牌","API token")});return e("form",{class:"card token",onsubmit:a=>{a.preventDefault(),te(s.value.trim()),r()}},e("h2",null,n("请输入 API 令牌","Enter the API token")),e("p",null,t),e("p",{class:"hint"},n("令牌由管理员提供（服务器启动时设置或打印）。它只保存在本浏览器的本次会话中，关闭浏览器即清除。","The administrator has the token (set or printed when the server starts). It is kept for this browser session only.")),e("div",{class:"row"},s,e("button",{type:"submit",class:"primary"},n("确定","OK"))))}function Y(t){if(t instanceof w&&(t.code==="UNAUTHENTICATED"||t.code==="FORBIDDEN"))return z(G(t.code,t.message),()=>{H()});let r=t instanceof w?G(t.code,t.message):n("页面出错了，请刷新重试。","Something went wrong; reload the page.");return oe("error",r)}async function H(){let t=++We;for(let i of pe)i();pe=[],document.documentElement.lang=I()==="zh"?"zh-CN":"en";let r=document.getElementById("app");if(!r)return;let s=location.pathname.replace(/\/+$/,"")||"/",a=new URLSearchParams(location.search),l=e("main",{id:"main"}),o=Number(a.get("year")),d=J.includes(o)?o:J[0]??null,f=d===null?[]:X.get(d)??[],y=a.get("issuer"),p=f.length<2?null:y!==null&&f.includes(y)?y:f[0],g={years:J,year:d,issuers:f,issuer:p,params:a,id:"",main:l,href(i,m={}){let R=new URLSearchParams;a.get("year")&&i!=="/upload"&&R.set("year",a.get("year")),p!==null&&i!=="/upload"&&R.set("issuer",p);for(let[b,$]of Object.entries(m))$!=null&&$!==""&&R.set(b,String($));let T=R.toString();return T?`${i}?${T}`:i},go:me,onLeave(i){pe.push(i)}};r.replaceChildren(ut(g,s),l);let u=it.find(([i])=>i.test(s));if(!u){W(l,[e("h1",null,n("找不到页面","Page not found")),e("p",null,e("a",{href:"/","data-nav":!0},n("返回总览","Back to the overview")))]);return}g.id=decodeURIComponent(s.match(u[0])?.[1]??""),l.appendChild(oe("loading"));try{await u[1](g)}catch(i){if(t!==We)return;console.warn("page failed",i),l.replaceChildren(Y(i))}}async function dt(){document.addEventListener("click",t=>{let r=t.target?.closest?.("a[data-nav]");!r||t.defaultPrevented||t.button!==0||t.metaKey||t.ctrlKey||t.shiftKey||r.target||(t.preventDefault(),me(r.getAttribute("href")??"/"))}),window.addEventListener("popstate",()=>{H()});try{await qe()}catch(t){let r=document.getElementById("app"),s=async()=>{try{await qe(),await H()}catch(a){r?.replaceChildren(e("main",{id:"main"},Y(a)))}};if(t instanceof w&&(t.code==="UNAUTHENTICATED"||t.code==="FORBIDDEN")){r?.replaceChildren(e("main",{id:"main"},z(G(t.code,t.message),()=>{s()})));return}r?.replaceChildren(e("main",{id:"main"},Y(t)));return}await H()}dt();})();
