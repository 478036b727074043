"use strict";(()=>{var Z="shishi.token";function P(){try{return sessionStorage.getItem(Z)}catch{return null}}function ee(t){try{t?sessionStorage.setItem(Z,t):sessionStorage.removeItem(Z)}catch{}}var w=class extends Error{constructor(s,a){super(a);this.code=s}};function me(){let t=P();return t?{authorization:`Bearer ${t}`}:{}}async function he(t){let r;try{r=await t.json()}catch{throw new w(t.status===503?"BUSY":"NETWORK",`HTTP ${t.status}`)}let s=r.errors?.[0];if(s)throw new w(s.extensions?.code??"ERROR",s.message);if(!r.data)throw new w("ERROR",`HTTP ${t.status}`);return r.data}async function L(t,r){let s;try{s=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...me()},body:JSON.stringify({query:t,variables:r})})}catch{throw new w("NETWORK","network")}return he(s)}async function te(t,r){let s=new FormData;s.append("operations",JSON.stringify({query:t,variables:{...r,file:null}})),s.append("map",JSON.stringify({0:["variables.file"]})),s.append("0",r.file,r.file.name);let a;try{a=await fetch("/graphql",{method:"POST",headers:me(),body:s})}catch{throw new w("NETWORK","network")}return he(a)}function ge(t,r,s){let a=null,o=!1,l=1e3,m=()=>{let g=`${location.protocol==="https:"?"wss":"ws"}://${location.host}/graphql`,y=new WebSocket(g,"graphql-transport-ws");a=y,y.onopen=()=>{let u=P();y.send(JSON.stringify({type:"connection_init",payload:u?{Authorization:`Bearer ${u}`}:{}}))},y.onmessage=u=>{let h;try{h=JSON.parse(String(u.data))}catch{return}h.type==="connection_ack"?(l=1e3,s(!0),y.send(JSON.stringify({id:"1",type:"subscribe",payload:{query:t}}))):h.type==="next"&&h.payload?.data?r(h.payload.data):h.type==="ping"&&y.send(JSON.stringify({type:"pong"}))},y.onclose=()=>{s(!1),o||(setTimeout(m,l),l=Math.min(l*2,3e4))}};return m(),{close(){o=!0,a?.close(1e3)}}}var fe="shishi.lang";function We(){try{return localStorage.getItem(fe)==="en"?"en":"zh"}catch{return"zh"}}var ne=We();function U(){return ne}function ye(t){ne=t;try{localStorage.setItem(fe,t)}catch{}document.documentElement.lang=t==="zh"?"zh-CN":"en"}function n(t,r){return ne==="zh"?t:r}var ze={GREEN:["绿灯","Green"],YELLOW:["黄灯","Yellow"],RED:["红灯","Red"]},Ye={NOT_STARTED:["未开工","Not started"],IN_PROGRESS:["推进中","In progress"],COMPLETED:["已完成","Completed"]},Qe={RUNNING:["进行中","Running"],SUCCEEDED:["已导入","Imported"],UNCHANGED:["未变化（已导入过）","Unchanged (imported before)"],FAILED:["失败","Failed"],DRY_RUN:["预检","Dry run"]},Ke={UPLOAD:["上传","Upload"],SCHEDULE:["定时同步","Schedule"],MANUAL:["手动同步","Manual sync"],CLI:["命令行","Command line"],EXAMPLE:["内置示例","Bundled example"]},k=t=>n(...ze[t]),j=t=>n(...Ye[t]),re=t=>n(...Qe[t]),Re=t=>n(...Ke[t]),Je={EMPTY_FILE:["文件是空的（0 字节）。请重新导出表格后上传保存好的文件。","The file is empty. Export the table again and upload the saved file."],NOT_A_SPREADSHEET:["这不是可读取的表格文件。请上传 .xlsx、.xls、.ods、.docx 或网页（.html）格式的调度表。","Not a table shishi reads. Upload it as .xlsx, .xls, .ods, .docx or an .html page."],UNSUPPORTED_FORMAT:["不支持 .doc、.wps、.et 格式。请在 Word、WPS 或 Excel 中另存为 .docx 或 .xlsx 后再上传。","The .doc, .wps and .et formats are not read. Save the file as .docx or .xlsx and upload that."],UNREADABLE_FILE:["文件无法读取，可能已损坏或不完整。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。","The file cannot be read; it may be damaged. Open it in Excel or WPS, save it again as .xlsx and upload that copy."],PASSWORD_PROTECTED:["文件设有密码。请取消密码保护后再上传。","The file is password protected. Remove the password and upload it again."],TOO_LARGE:["文件或工作表过大，超出服务器的限制。","The file or a sheet is larger than the server accepts."],ARCHIVE_TOO_LARGE:["文件解压后过大，超出服务器的限制。","The file unpacks to more than the server accepts."],NO_HEADER:["找不到表头：表格前 30 行里应有“任务目标”以及“序号、责任单位、进展情况、完成率”中的至少两列。请检查表头文字。","No header row: the first 30 rows need 任务目标 and two of 序号, 责任单位, 进展情况, 完成率."],NO_PROJECT_ROWS:["表头下面没有项目行。","The header has no project rows under it."],NO_YEAR:["标题和文件名里都没有年份。请在标题写明年份（如“2025年…”），或在下方填写报告日期。","No year in the title or file name. Put it in the title, or give the reporting date below."],NO_PERIOD:["标题和文件名里都没有期次。请在标题写明期次（如“二季度”“1-6月”），或在下方填写期次和报告日期。","No period in the title or file name. Put it in the title, or give the period and date below."],BAD_ISSUER:["填写的发文单位不是一个名称，请写表头上的单位名，如“章丘区”（不超过64字）。","The issuer given is not a name; write the issuing body as its tables print it, e.g. 章丘区."],BAD_MAPPING:["指定的表头行或列对不上任何工作表，请对照表格核对行号、列字母或表头文字。","The header row or columns given fit no sheet; check them against the table."],BAD_PERIOD:["填写的期次无法识别，请写“二季度”“1-6月”“上半年”这样的期次。","The period given names no period; write e.g. 二季度, 1-6月, 上半年."],DUPLICATE_PROJECT:["有两行是同一个项目。请合并或删除重复的行。","Two rows name the same project. Merge or remove the repeated row."],SOURCE_UNREADABLE:["同步来源无法读取（文件或文件夹不存在或无权限）。","The sync source cannot be read."],HTTP_STATUS:["同步地址返回了错误状态。","The sync URL answered with an error status."],HTTP_TIMEOUT:["同步地址没有及时响应。","The sync URL did not answer in time."],HTTP_ERROR:["无法从同步地址获取文件。","The file could not be fetched from the sync URL."],INTERRUPTED:["导入过程中服务器停止了，没有写入任何内容。请重新上传。","The server stopped during the import; nothing was written. Upload again."],INTERNAL:["数据库拒绝了这次导入，没有写入任何内容。请联系管理员查看服务器日志。","The database refused the import; nothing was written. The server log has the details."]},Xe={UNAUTHENTICATED:["需要 API 令牌。","An API token is needed."],FORBIDDEN:["API 令牌不正确。请向管理员确认服务器使用的令牌。","The API token is not valid."],TOO_LARGE:["文件超过服务器允许的大小。","The file is larger than the server accepts."],BUSY:["服务器正忙，请稍后再试。","The server is busy; try again shortly."],NETWORK:["无法连接服务器，请检查网络后重试。","The server cannot be reached."],REQUEST_TIMEOUT:["上传超时，请重试。","The upload timed out; try again."]};function se(t){let r=Je[t];return r?n(...r):n(`导入失败（${t}）。`,`The import failed (${t}).`)}function F(t,r){let s=Xe[t];return s?n(...s):n(`请求失败（${t}）。`,`The request failed (${t}): ${r}`)}var Ze={SERIAL_REPEATED:"序号与前面某一行重复；两行都已导入，按项目名称区分。",SERIAL_OUT_OF_SEQUENCE:"序号不连续（可能填错）；该行照常导入。",NO_GOAL:"这一行有序号但没有任务目标，已跳过。",STRAY_ROW:"这一行没有序号和任务目标，上面也没有可接续的项目，已跳过。",RATE_APPROXIMATE:"完成率不是确切数字（约数或文字），已按近似值读取。",RATE_EMPTY:"完成率为空，按“无完成率”保存。",RATE_OUT_OF_RANGE:"完成率超出 0～100%，按“无完成率”保存，原文保留。",RATE_UNREADABLE:"完成率无法识别为数字，按“无完成率”保存，原文保留。",SHEET_SKIPPED:"这个工作表也有一张表，但期次不同，未并入本次导入；请单独导入。",PROJECT_MERGED:"该项目在多个工作表中出现，已合并为一个项目（责任单位与进展合并，保留第一个完成率）。",ISSUER_UNNAMED:"表格标题没有写明区县，而本年度已有多个区县的表格：这张表单独保存，未并入任何区县；请指定区县后再导入一次。"};function Ee(t,r){return U()==="en"?r:t&&Ze[t]||"读取时发现需要注意的地方（详见英文说明）。"}function e(t,r=null,...s){let a=document.createElement(t);for(let[o,l]of Object.entries(r??{}))l==null||l===!1||(typeof l=="function"?a.addEventListener(o.replace(/^on/,""),l):l===!0?a.setAttribute(o,""):a.setAttribute(o,String(l)));return B(a,s),a}function B(t,r){for(let s of r)s==null||s===!1||(Array.isArray(s)?B(t,s):t.appendChild(typeof s=="object"?s:document.createTextNode(String(s))))}function O(t,...r){return e("a",{href:t,"data-nav":!0},...r)}function b(t){return t==null?"—":`${Math.round(t*10)/10}%`}function Y(t){if(t==null)return"—";let r=Math.round(t*10)/10;return r>0?`+${r}`:r<0?`−${-r}`:"0"}function x(t){if(!t)return"—";let[r,s,a]=t.slice(0,10).split("-").map(Number);return U()==="zh"?`${r}年${s}月${a}日`:new Date(Date.UTC(r,s-1,a)).toLocaleDateString("en",{year:"numeric",month:"short",day:"numeric",timeZone:"UTC"})}function ve(t){if(!t)return"—";let r=new Date(t),s=a=>String(a).padStart(2,"0");return`${r.getFullYear()}-${s(r.getMonth()+1)}-${s(r.getDate())} ${s(r.getHours())}:${s(r.getMinutes())}`}function q(t){return e("span",{class:`lamp lamp-${t.toLowerCase()}`},k(t))}function ae(t,r){let s={loading:n("正在加载…","Loading…"),error:n("加载失败。","Could not load."),empty:n("没有数据。","Nothing here.")};return e("p",{class:`notice notice-${t}`,role:t==="error"?"alert":"status"},r??s[t])}function v(t,...r){t.replaceChildren(),B(t,r)}var $e=`
  query Boot {
    reports {
      id
      year
      issuer
      period
      asOf
    }
  }
`,Te=`
  fragment Row on ProjectEdge {
    node {
      id
      serialNo
      name
      units {
        name
      }
    }
    progress {
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
`,et=`
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
`,be=`
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
  ${Te}
`,Se=`
  query Projects(
    $year: Int!
    $issuer: String
    $unit: String
    $light: Light
    $status: ProgressStatus
    $stalled: Boolean
    $search: String
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
  ${Te}
`,we=`
  query Project($id: ID!) {
    project(id: $id) {
      id
      year
      serialNo
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
      }
    }
  }
`,Ce=`
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
    }
  }
  ${et}
`,oe=`
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
`,xe=`
  query SyncRuns {
    syncRuns(first: 20) {
      nodes {
        ...Run
      }
    }
  }
  ${oe}
`,le=`
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
  ${oe}
`,Le=`
  subscription RunFinished {
    syncRunFinished {
      ...Run
    }
  }
  ${oe}
`;var tt="http://www.w3.org/2000/svg";function Oe(){let t=document.getElementById("main");return Math.round(Math.min(960,Math.max(300,(t?.clientWidth??680)-48)))}function S(t,r,s){let a=document.createElementNS(tt,t);for(let[o,l]of Object.entries(r))a.setAttribute(o,String(l));return s!==void 0&&(a.textContent=s),a}function Q(t,r,s){let a=Oe(),o=260,l=44,m=24,g=16,y=48,u=S("svg",{viewBox:`0 0 ${a} ${o}`,class:"chart",role:"img","aria-label":s});u.appendChild(S("title",{},s));let h=c=>t.length<=1?l+(a-l-m)/2:l+c*(a-l-m)/(t.length-1),p=c=>g+(100-c)*(o-g-y)/100;for(let c of[0,25,50,75,100])u.appendChild(S("line",{x1:l,x2:a-m,y1:p(c),y2:p(c),class:"grid"})),u.appendChild(S("text",{x:l-6,y:p(c)+4,class:"axis","text-anchor":"end"},`${c}%`));t.forEach((c,R)=>{let C=t.length>1&&R===0?"start":t.length>1&&R===t.length-1?"end":"middle";u.appendChild(S("text",{x:h(R),y:o-y+18,class:"axis","text-anchor":C},c))});for(let c of r){let R=c.values.map((E,$)=>E===null?null:[h($),p(E)]),C=R.map((E,$)=>E?`${$===0||!R[$-1]?"M":"L"}${E[0].toFixed(1)},${E[1].toFixed(1)}`:"").join("");C&&u.appendChild(S("path",{d:C,class:`line ${c.kind}${c.dashed?" dashed":""}`})),R.forEach((E,$)=>{if(!E)return;let _=S("circle",{cx:E[0],cy:E[1],r:4,class:`dot ${c.kind}`});_.appendChild(S("title",{},`${c.name} ${t[$]}: ${Math.round((c.values[$]??0)*10)/10}%`)),u.appendChild(_)})}let d=l;for(let c of r){u.appendChild(S("line",{x1:d,x2:d+18,y1:o-10,y2:o-10,class:`line ${c.kind}${c.dashed?" dashed":""}`}));let R=S("text",{x:d+24,y:o-6,class:"legend"},c.name);u.appendChild(R),d+=24+c.name.length*13+24}return u}function Ne(t,r,s){let a=Oe(),o=24,l=Math.min(150,Math.round(a*.36)),m=56,g=8,y=g*2+o*t.length,u=S("svg",{viewBox:`0 0 ${a} ${y}`,class:"chart bars",role:"img","aria-label":s});u.appendChild(S("title",{},s));let h=p=>l+p*(a-l-m)/100;return t.forEach((p,d)=>{let c=g+d*o,R=Math.floor((l-10)/13),C=p.label.length>R?`${p.label.slice(0,R-1)}…`:p.label;u.appendChild(S("text",{x:l-8,y:c+15,class:"axis","text-anchor":"end"},C));let E=S("rect",{x:l,y:c+3,width:Math.max(0,h(p.value??0)-l),height:o-6,rx:3,class:`bar ${p.kind}`});E.appendChild(S("title",{},`${p.label}: ${p.value===null?"—":`${Math.round(p.value*10)/10}%`}`)),u.appendChild(E),u.appendChild(S("text",{x:h(p.value??0)+6,y:c+15,class:"value"},p.value===null?"—":`${Math.round(p.value*10)/10}%`))}),r!==null&&u.appendChild(S("line",{x1:h(r),x2:h(r),y1:2,y2:y-2,class:"mark"})),u}function I(t,r,s,a){let o=[e("span",{class:"label"},r),e("strong",{class:"value"},s),a?.sub?e("span",{class:"sub"},a.sub):null],l=`figure${a?.kind?` figure-${a.kind}`:""}`;return a?.href?e("a",{class:l,href:a.href,"data-nav":!0,"data-figure":t},o):e("div",{class:l,"data-figure":t},o)}function D(t,r){return t.find(s=>s.light===r)?.count??0}function V(t,r,s){return e("div",{class:"table-wrap"},e("table",{class:"projects"},e("caption",null,s),e("thead",null,e("tr",null,e("th",{class:"num"},n("序号","No.")),e("th",null,n("项目","Project")),e("th",{class:"units-col"},n("责任单位","Units")),e("th",{class:"num"},n("完成率","Rate")),e("th",{class:"num"},n("较上期","Change")),e("th",null,n("亮灯","Light")),e("th",{class:"status-col"},n("状态","Status")))),e("tbody",null,r.map(a=>e("tr",{"data-id":a.node.id},e("td",{class:"num"},a.node.serialNo??"—"),e("td",{class:"name"},O(t.href(`/projects/${encodeURIComponent(a.node.id)}`),a.node.name),a.progress?.summary?e("span",{class:"summary"},a.progress.summary):null),e("td",{class:"units-col"},a.node.units.map(o=>o.name).join("、")),e("td",{class:"num rate"},a.progress?b(a.progress.completionRate):"—"),e("td",{class:`num delta${a.progress?.stalled?" stalled":""}`},a.progress?Y(a.progress.delta):"—",a.progress?.stalled?e("span",{class:"tag"},n("停滞","stalled")):null),e("td",null,a.progress?q(a.progress.light):"—"),e("td",{class:"status-col"},a.progress?j(a.progress.status):"—"))))))}function nt(t){let r=P();if(!r)return;t.preventDefault();let s=t.currentTarget;(async()=>{let a=await fetch(s.href,{headers:{authorization:`Bearer ${r}`}});if(!a.ok){alert(n(`下载失败（HTTP ${a.status}）`,`Download failed (HTTP ${a.status})`));return}let o=/filename\*=UTF-8''([^;]+)/i.exec(a.headers.get("content-disposition")??"")?.[1],l=URL.createObjectURL(await a.blob()),m=e("a",{href:l,download:o?decodeURIComponent(o):""});document.body.appendChild(m),m.click(),m.remove(),setTimeout(()=>URL.revokeObjectURL(l),1e4)})()}function G(t){let r=t.filter(s=>!!s[1]);return r.length?e("div",{class:"downloads no-print"},e("span",null,n("下载：","Download: ")),r.map(([s,a])=>e("a",{href:a,download:"",class:"download",onclick:nt},s))):null}function N(t,r,s=!0){return e("div",{class:"page-title"},e("div",null,e("h1",null,t),r?e("p",{class:"sub"},r):null),s?e("button",{type:"button",class:"no-print",onclick:()=>window.print()},n("打印","Print")):null)}function A(t){return e("div",{class:"card empty"},e("h1",null,n("还没有导入任何调度表","No table has been imported yet")),e("p",null,n("上传一份民生实事项目进展情况调度表后，这里会显示总览。","Upload a tracking table and the overview appears here.")),O(t.href("/upload"),n("去上传","Upload a table")))}async function Pe(t){if(t.year===null){v(t.main,A(t));return}let r=t.year,s=await L(be,{year:r,issuer:t.issuer}),a=s.summary;if(document.title=n(`总览 · ${r}年民生实事`,`Overview · ${r}`),!a.report){v(t.main,A(t));return}let o=e("section",{class:"figures","aria-label":n("主要指标","Figures")},I("period",n("报告期","Period"),a.report.period,{sub:x(a.asOf)}),I("expectedRate",n("序时进度","Expected by now"),b(a.expectedRate)),I("projectCount",n("项目总数","Projects"),String(a.projectCount),{href:t.href("/projects")}),I("completedCount",n("已完成","Completed"),String(a.completedCount),{href:t.href("/projects",{status:"COMPLETED"}),kind:"done"}),I("averageRate",n("平均完成率","Average rate"),b(a.averageRate))),l=e("section",{class:"figures lights","aria-label":n("亮灯情况","Lights")},["GREEN","YELLOW","RED"].map(d=>I(d,k(d),String(D(a.byLight,d)),{kind:d.toLowerCase(),href:t.href("/projects",{light:d}),sub:n("个项目","projects")}))),m=s.trend.map(d=>d.report.period),g=e("section",{class:"card"},e("h2",null,n("完成率走势","Rate over the year")),s.trend.length?Q(m,[{name:n("平均完成率","Average rate"),kind:"actual",values:s.trend.map(d=>d.averageRate)},{name:n("序时进度","Expected"),kind:"expected",values:s.trend.map(d=>d.expectedRate),dashed:!0}],n("平均完成率与序时进度","Average rate and expected rate")):null,e("table",{class:"compact trend"},e("thead",null,e("tr",null,e("th",null,n("报告期","Period")),e("th",{class:"date-col"},n("日期","Date")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num"},n("序时进度","Expected")),e("th",{class:"num"},n("已完成","Completed")))),e("tbody",null,s.trend.map(d=>e("tr",null,e("td",null,d.report.period),e("td",{class:"date-col nowrap"},x(d.asOf)),e("td",{class:"num"},b(d.averageRate)),e("td",{class:"num"},b(d.expectedRate)),e("td",{class:"num"},`${d.completedCount}/${d.projectCount}`)))))),y=e("section",{class:"card",id:"red"},e("h2",null,n(`红灯项目（${s.red.totalCount}）`,`Red projects (${s.red.totalCount})`)),s.red.totalCount?V(t,s.red.edges,n("落后序时进度 30 个百分点以上，或完成率无法读取","More than 30 points behind, or no readable rate")):e("p",{class:"ok"},n("没有红灯项目。","No red projects.")),s.red.totalCount>s.red.edges.length?O(t.href("/projects",{light:"RED"}),n("查看全部红灯项目","All red projects")):null),u=e("section",{class:"card",id:"stalled"},e("h2",null,n(`停滞项目（${s.stalled.totalCount}）`,`Stalled projects (${s.stalled.totalCount})`)),s.stalled.totalCount?V(t,s.stalled.edges,n("未完成，且完成率与上期相同","Not completed, and the rate has not moved since the last report")):e("p",{class:"ok"},n("没有停滞项目。","No stalled projects.")),s.stalled.totalCount>s.stalled.edges.length?O(t.href("/projects",{stalled:"true"}),n("查看全部停滞项目","All stalled projects")):null),h=s.city.issuers.length>1?e("section",{class:"card",id:"city"},e("h2",null,n(`各地区排名（${s.city.issuers.length} 个发文单位）`,`Issuers ranked (${s.city.issuers.length})`)),e("table",{class:"compact"},e("thead",null,e("tr",null,e("th",{class:"num"},n("名次","Rank")),e("th",null,n("发文单位","Issuer")),e("th",{class:"date-col"},n("报告期","Period")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num"},n("已完成","Completed")),e("th",{class:"num"},n("红灯","Red")))),e("tbody",null,s.city.issuers.map(d=>e("tr",{"aria-current":(d.issuer??"")===t.issuer?"true":null},e("td",{class:"num"},String(d.rank)),e("td",null,e("a",{href:`/?year=${r}&issuer=${encodeURIComponent(d.issuer??"")}`,"data-nav":!0},d.issuer??n("（未注明）","(unnamed)"))),e("td",{class:"nowrap date-col"},`${d.report.period}（${x(d.asOf)}）`),e("td",{class:"num"},b(d.averageRate)),e("td",{class:"num"},`${d.completedCount}/${d.projectCount}`),e("td",{class:"num"},String(D(d.byLight,"RED")))))),e("tfoot",null,e("tr",null,e("td",null,""),e("th",null,n("合计","All")),e("td",{class:"date-col"},""),e("td",{class:"num"},b(s.city.total.averageRate)),e("td",{class:"num"},`${s.city.total.completedCount}/${s.city.total.projectCount}`),e("td",null,""))))):null,p=t.issuer??"";v(t.main,N(n(`${p}${r}年民生实事项目总览`,`Livelihood projects ${r}${p?` · ${p}`:""}`),a.report.title),h,G([[n("本期调度表","This report (xlsx)"),a.report.exportUrl],[n("下期填报表","Next period's form"),s.exports?.nextPeriodUrl],[n("全年进展历史","History (xlsx)"),s.exports?.historyXlsxUrl],[n("历史 CSV","History (CSV)"),s.exports?.historyCsvUrl]]),o,l,y,u,g)}async function Ae(t){let r=null;try{r=(await L(we,{id:t.id})).project}catch(o){if(!(o instanceof w&&o.code==="BAD_USER_INPUT"))throw o}if(!r){v(t.main,e("h1",null,n("找不到这个项目","No such project")),O(t.href("/projects"),n("返回项目列表","Back to the projects")));return}document.title=`${r.name} · shishi`;let s=r.history[r.history.length-1],a=Q(r.history.map(o=>o.report.period),[{name:n("完成率","Rate"),kind:"actual",values:r.history.map(o=>o.completionRate)},{name:n("序时进度","Expected"),kind:"expected",values:r.history.map(o=>o.expectedRate),dashed:!0}],n("完成率与序时进度","Rate and expected rate"));v(t.main,e("p",{class:"crumbs no-print"},O(t.href("/projects"),n("← 项目列表","← Projects"))),N(`${r.serialNo?`${r.serialNo}. `:""}${r.name}`,n(`${r.year}年民生实事项目`,`Livelihood project ${r.year}`)),e("section",{class:"card facts"},e("dl",null,e("dt",null,n("任务目标","Goal")),e("dd",{class:"goal"},r.goal),e("dt",null,n("责任单位","Units")),e("dd",null,r.units.map((o,l)=>[l?"、":"",O(t.href("/projects",{unit:o.name}),o.name)])),s?[e("dt",null,n("最新完成率","Latest rate")),e("dd",{class:"latest"},e("strong",null,b(s.completionRate))," ",q(s.light)," ",j(s.status),n(`（${s.report.period}，序时进度 ${b(s.expectedRate)}）`,` (${s.report.period}, expected ${b(s.expectedRate)})`))]:null)),e("section",{class:"card"},e("h2",null,n("完成率走势","Rate over the year")),a),e("section",{class:"card"},e("h2",null,n("各期进展","Progress by period")),e("ol",{class:"timeline"},[...r.history].reverse().map(o=>e("li",null,e("div",{class:"when"},e("strong",null,o.report.period),e("span",null,x(o.report.asOf)),e("span",{class:"rate"},b(o.completionRate)),e("span",{class:"delta"},n("较上期 ","change "),Y(o.delta)),q(o.light),o.stalled?e("span",{class:"tag"},n("停滞","stalled")):null),e("p",{class:"detail"},o.detail||n("（未填写进展）","(no progress text)")),o.remarks?e("p",{class:"remarks"},n("备注：","Remarks: "),o.remarks):null)))))}var Ue=[10,20,50,100],ke=["GREEN","YELLOW","RED"],je=["NOT_STARTED","IN_PROGRESS","COMPLETED"],Ie=[["SERIAL","序号","No."],["RATE","完成率","Rate"],["RATE_CHANGE","较上期变化","Change"],["LIGHT","亮灯","Light"],["NAME","名称","Name"]];function ie(t,r){return r.find(s=>s===t)}async function De(t){if(t.year===null){v(t.main,A(t));return}let r=t.params,s=r.get("unit")||void 0,a=ie(r.get("light"),ke),o=ie(r.get("status"),je),l=r.get("stalled")==="true"?!0:void 0,m=r.get("q")?.trim()||void 0,g=ie(r.get("sort"),Ie.map(i=>i[0]))??"SERIAL",y=r.get("dir")==="desc",u=Math.max(1,Math.floor(Number(r.get("page"))||1)),h=Ue.find(i=>i===Number(r.get("size")))??20,p=await L(Se,{year:t.year,issuer:t.issuer,unit:s,light:a,status:o,stalled:l,search:m,orderBy:{field:g,direction:y?"DESC":"ASC"},first:h,offset:(u-1)*h});document.title=n(`项目 · ${t.year}年民生实事`,`Projects · ${t.year}`);let d={unit:s,light:a,status:o,stalled:l?"true":void 0,q:m,sort:g==="SERIAL"?void 0:g,dir:y?"desc":void 0,size:h===20?void 0:String(h)},c=i=>t.href("/projects",{...d,...i}),R=(i,f,T,X)=>e("label",null,e("span",null,f),e("select",{name:i},e("option",{value:""},n("全部","All")),T.map(([pe,Ve])=>e("option",{value:pe,selected:pe===X},Ve)))),C=e("form",{class:"filters no-print",role:"search",onsubmit:i=>{i.preventDefault();let f=new FormData(i.target),T=X=>f.get(X)||void 0;t.go(c({unit:T("unit"),light:T("light"),status:T("status"),stalled:T("stalled"),q:T("q")?.trim()||void 0,sort:T("sort")==="SERIAL"?void 0:T("sort"),dir:T("dir"),size:T("size")==="20"?void 0:T("size"),page:void 0}))},onchange:i=>{i.target.tagName==="SELECT"&&i.currentTarget.requestSubmit()}},e("label",{class:"search"},e("span",null,n("搜索","Search")),e("input",{type:"search",name:"q",value:m??"",placeholder:n("项目名称、目标或进展","Name, goal or progress")})),R("unit",n("责任单位","Unit"),p.units.map(i=>[i.name,i.name]),s),R("light",n("亮灯","Light"),ke.map(i=>[i,k(i)]),a),R("status",n("状态","Status"),je.map(i=>[i,j(i)]),o),R("stalled",n("停滞","Stalled"),[["true",n("仅停滞项目","Stalled only")]],l?"true":void 0),e("label",null,e("span",null,n("排序","Sort by")),e("select",{name:"sort"},Ie.map(([i,f,T])=>e("option",{value:i,selected:i===g},n(f,T))))),e("label",null,e("span",null,n("顺序","Order")),e("select",{name:"dir"},e("option",{value:""},n("升序","Ascending")),e("option",{value:"desc",selected:y},n("降序","Descending")))),e("label",null,e("span",null,n("每页","Per page")),e("select",{name:"size"},Ue.map(i=>e("option",{value:i,selected:i===h},String(i))))),e("button",{type:"submit",class:"primary"},n("查询","Apply")),e("a",{href:t.href("/projects"),"data-nav":!0,class:"reset"},n("清除条件","Clear"))),E=p.projects.totalCount,$=Math.max(1,Math.ceil(E/h));if(u>$){t.go(c({page:$>1?$:void 0}),!0);return}let _=e("nav",{class:"pager no-print","aria-label":n("分页","Pages")},u>1?e("a",{href:c({page:u-1}),"data-nav":!0,rel:"prev"},n("上一页","Previous")):e("span",{class:"disabled"},n("上一页","Previous")),e("span",{class:"where"},n(`第 ${u} / ${$} 页，共 ${E} 个项目`,`Page ${u} of ${$}, ${E} projects`)),u<$?e("a",{href:c({page:u+1}),"data-nav":!0,rel:"next"},n("下一页","Next")):e("span",{class:"disabled"},n("下一页","Next"))),H=[s,a&&k(a),o&&j(o),l&&n("停滞","stalled"),m&&`“${m}”`].filter(Boolean).join(" · ");v(t.main,N(n(`${t.year}年项目`,`Projects ${t.year}`),H||null),C,G([[s?n(`${s}的下期填报表`,`Next period's form for ${s}`):n("下期填报表","Next period's form"),p.exports?.nextPeriodUrl]]),E?V(t,p.projects.edges,n(`符合条件的项目 ${E} 个`,`${E} projects match`)):e("p",{class:"notice notice-empty"},n("没有符合条件的项目。","No project matches.")),_)}function de(t,r,s,a=""){return e("div",{class:"table-wrap"},e("table",{class:`units ${a}`},e("caption",null,s),e("thead",null,e("tr",null,e("th",{class:"num"},n("名次","Rank")),e("th",null,n("单位","Unit")),e("th",{class:"num"},n("项目","Projects")),e("th",{class:"num"},n("已完成","Done")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num light-col"},n("绿","G")),e("th",{class:"num light-col"},n("黄","Y")),e("th",{class:"num light-col"},n("红","R")))),e("tbody",null,r.map(o=>e("tr",null,e("td",{class:"num"},o.rank),e("td",null,O(t.href("/projects",{unit:o.unit.name}),o.unit.name)),e("td",{class:"num"},o.projectCount),e("td",{class:"num"},o.completedCount),e("td",{class:"num rate"},b(o.averageRate)),e("td",{class:"num light-col green"},D(o.byLight,"GREEN")),e("td",{class:"num light-col yellow"},D(o.byLight,"YELLOW")),e("td",{class:"num light-col red"},D(o.byLight,"RED")))))))}async function Me(t){if(t.year===null){v(t.main,A(t));return}let r=await L(Ce,{year:t.year,issuer:t.issuer}),s=r.unitRanking;if(document.title=n(`红黄榜 · ${t.year}年民生实事`,`Units · ${t.year}`),!s.asOf){v(t.main,A(t));return}let a=r.summary.expectedRate,o=l=>l===null||a===null?"red":l>=100||a-l<10?"green":a-l<=30?"yellow":"red";v(t.main,N(n(`${t.year}年责任单位红黄榜`,`Units ranked, ${t.year}`),n(`${r.summary.report?.period??""}（截至${x(s.asOf)}），按平均完成率排名`,`${r.summary.report?.period??""} (as of ${x(s.asOf)}), by average rate`)),G([[n("全年进展历史（含红黄榜）","History with the ranking (xlsx)"),r.exports?.historyXlsxUrl]]),e("div",{class:"boards"},e("section",{class:"card board best"},e("h2",null,n("红榜（前 5 名）","Best 5")),de(t,s.best,n("平均完成率最高的单位","Highest average rate"))),e("section",{class:"card board worst"},e("h2",null,n("黄榜（后 5 名）","Worst 5")),de(t,s.worst,n("平均完成率最低的单位","Lowest average rate")))),e("section",{class:"card"},e("h2",null,n("各单位平均完成率","Average rate per unit")),e("p",{class:"hint"},n(`竖线为序时进度 ${b(a)}`,`The line marks the expected rate, ${b(a)}`)),Ne(s.units.map(l=>({label:l.unit.name,value:l.averageRate,kind:o(l.averageRate)})),a,n("各单位平均完成率","Average rate per unit"))),e("section",{class:"card"},e("h2",null,n("全部单位","Every unit")),de(t,s.units,n(`共 ${s.units.length} 个单位`,`${s.units.length} units`),"all")))}var rt=".xlsx,.xls,.ods,.docx,.html,.htm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/html";function st(t){return t.warnings.length?e("div",{class:"table-wrap"},e("table",{class:"warnings"},e("caption",null,n(`读取时发现 ${t.warnings.length} 处需要注意`,`${t.warnings.length} things noticed while reading`)),e("thead",null,e("tr",null,e("th",null,n("工作表","Sheet")),e("th",{class:"num"},n("行","Row")),e("th",null,n("列","Column")),e("th",null,n("说明","What was noticed")))),e("tbody",null,t.warnings.map(r=>e("tr",null,e("td",null,r.sheet??"—"),e("td",{class:"num"},r.row??"—"),e("td",null,r.column??"—"),e("td",{title:r.message},Ee(r.code,r.message))))))):null}function _e(t,r){let s=t.status==="FAILED",a=[[n("标题","Title"),t.title??"—"],[n("发文单位","Issuer"),t.issuer||"—"],[n("年度","Year"),t.year?String(t.year):"—"],[n("期次","Period"),t.period??"—"],[n("报告日期","Reporting date"),x(t.asOf)],[n("读取项目行","Project rows read"),String(t.rowsRead)],[r?n("将新增项目","Projects to create"):n("新增项目","Projects created"),String(t.projectsCreated)],[r?n("将更新项目","Projects to update"):n("更新项目","Projects updated"),String(t.projectsUpdated)]];return e("section",{class:`card run run-${t.status.toLowerCase()}`,"data-status":t.status,"aria-live":"polite"},e("h2",null,`${re(t.status)} · ${t.source}`),s&&t.error?e("p",{class:"error",role:"alert"},se(t.error.code)):null,s&&t.error?e("details",null,e("summary",null,n("技术细节","Details")),e("p",{lang:"en"},`${t.error.code}: ${t.error.message}`)):null,s?null:e("dl",{class:"facts-grid"},a.map(([o,l])=>[e("dt",null,o),e("dd",null,l)])),r&&t.replaces?e("p",{class:"replaces"},n(`已有 ${x(t.replaces.asOf)}（${t.replaces.period}）的报告，导入后将以这份表为准，原报告保留为修订版本。`,`A report for ${x(t.replaces.asOf)} (${t.replaces.period}) is held; importing makes this table the current one and keeps the old one as a revision.`)):null,t.status==="UNCHANGED"?e("p",null,n("这份文件之前已经导入过，没有写入新内容。","This file was imported before; nothing new was written.")):null,st(t))}function He(t){return e("div",{class:"table-wrap"},e("table",{class:"runs"},e("caption",null,n("最近 20 次，最新在前","The latest 20, newest first")),e("thead",null,e("tr",null,e("th",null,n("时间","When")),e("th",{class:"wide-only"},n("来源","Started by")),e("th",null,n("文件","File")),e("th",null,n("结果","Result")),e("th",null,n("报告期","Period")),e("th",{class:"num wide-only"},n("新增/更新","New/updated")),e("th",{class:"num wide-only"},n("提示","Notes")))),e("tbody",null,t.map(r=>e("tr",{"data-run":r.id,class:`run-${r.status.toLowerCase()}`},e("td",null,ve(r.finishedAt??r.startedAt)),e("td",{class:"wide-only"},Re(r.trigger)),e("td",{class:"source"},r.source),e("td",{class:"result"},re(r.status),r.error?e("span",{class:"why"},se(r.error.code)):null),e("td",null,r.period?`${r.year??""} ${r.period}`:"—"),e("td",{class:"num wide-only"},`${r.projectsCreated}/${r.projectsUpdated}`),e("td",{class:"num wide-only"},r.warnings.length||""))))))}async function Fe(t){if(document.title=n("上传调度表 · shishi","Upload · shishi"),!P()){v(t.main,N(n("上传调度表","Upload a table"),null,!1),W(n("上传需要 API 令牌。","Uploading needs the API token."),()=>t.go(t.href("/upload"),!0)));return}let s=(await L(xe,{})).syncRuns.nodes,a=e("div",null,He(s)),o=e("span",{class:"live off"},n("连接中…","Connecting…")),l=ge(Le,i=>{let f=i.syncRunFinished;s=[f,...s.filter(T=>T.id!==f.id)].slice(0,20),v(a,He(s))},i=>{o.className=`live ${i?"on":"off"}`,o.textContent=i?n("实时更新中","Live"):n("连接已断开，正在重连…","Disconnected; reconnecting…")});t.onLeave(()=>l.close());let m=null,g=e("div",{class:"result"}),y=e("input",{type:"date",name:"asOf"}),u=e("input",{type:"text",name:"period",placeholder:n("如：三季度、1-9月","e.g. 三季度, 1-9月")}),h=e("input",{type:"text",name:"issuer",placeholder:n("如：章丘区","e.g. 章丘区")}),p=e("input",{type:"number",name:"headerRow",min:"1",placeholder:n("如：3","e.g. 3")}),d=e("input",{type:"text",name:"columns",placeholder:n("如：goal=B, units=C, progress=D, rate=E","e.g. goal=B, units=C, progress=D, rate=E")}),c=()=>({asOf:y.value||void 0,period:u.value.trim()||void 0,issuer:h.value.trim()||void 0,headerRow:p.value?Number(p.value):void 0,columns:d.value.trim()||void 0}),R=i=>v(g,e("p",{class:"notice notice-loading",role:"status"},i)),C=i=>{i instanceof w&&(i.code==="UNAUTHENTICATED"||i.code==="FORBIDDEN")?v(g,W(F(i.code,i.message),()=>t.go(t.href("/upload"),!0))):v(g,z(i))},E=async i=>{R(n("正在导入…","Importing…"));try{let f=(await te(le,{file:i,dryRun:!1,...c()})).uploadSpreadsheet;v(g,_e(f,!1),f.status==="SUCCEEDED"&&f.report&&f.year?e("p",null,e("a",{href:t.href("/",{year:f.year}),"data-nav":!0,class:"button primary"},n("查看总览","See the overview"))):null)}catch(f){C(f)}},$=async i=>{m=i,R(n(`正在预检 ${i.name}…`,`Checking ${i.name}…`));try{let f=(await te(le,{file:i,dryRun:!0,...c()})).uploadSpreadsheet,T=f.status==="DRY_RUN";v(g,_e(f,!0),T?e("div",{class:"actions"},e("button",{type:"button",class:"primary",id:"confirm",onclick:()=>{E(i)}},n("确认导入","Import it")),e("button",{type:"button",onclick:()=>v(g)},n("取消","Cancel"))):e("p",{class:"hint"},n("请修改表格后重新选择文件。","Fix the table and choose the file again.")))}catch(f){C(f)}},_=e("input",{type:"file",accept:rt,id:"file",onchange:i=>{let f=i.target.files?.[0];f&&$(f)}}),H=e("label",{class:"drop",for:"file",ondragover:i=>{i.preventDefault(),H.classList.add("over")},ondragleave:()=>H.classList.remove("over"),ondrop:i=>{i.preventDefault(),H.classList.remove("over");let f=i.dataTransfer?.files?.[0];f&&$(f)}},e("strong",null,n("把调度表拖到这里，或点击选择文件","Drop the table here, or click to choose it")),e("span",null,n("支持 .xlsx、.xls、.ods、.docx 和网页 .html；先预检，确认后才导入",".xlsx, .xls, .ods, .docx or an .html page; checked first, imported when you confirm")));v(t.main,N(n("上传调度表","Upload a table"),n("每期收到的民生实事项目进展情况调度表","Each period's tracking table"),!1),e("section",{class:"card"},H,_,e("details",{class:"overrides"},e("summary",null,n("标题里没有期次、年份或发文单位，或表头认不出时填写","When the title names no period, year or issuer, or the header is not recognized")),e("label",null,e("span",null,n("报告日期","Reporting date")),y),e("label",null,e("span",null,n("期次","Period")),u),e("label",null,e("span",null,n("发文单位","Issuer")),h),e("label",null,e("span",null,n("表头所在行","Header row")),p),e("label",null,e("span",null,n("各列对应（出错提示里会给出建议）","Columns (a refusal suggests them)")),d),e("button",{type:"button",onclick:()=>m&&void $(m)},n("用这些重新预检","Check again with these"))),g),e("section",{class:"card"},e("h2",null,n("同步记录","Sync runs")," ",o),a))}var at=[[/^\/$/,Pe],[/^\/projects$/,De],[/^\/projects\/([^/]+)$/,Ae],[/^\/units$/,Me],[/^\/upload$/,Fe]],ot=[["/","总览","Overview"],["/projects","项目","Projects"],["/units","单位（红黄榜）","Units"],["/upload","上传","Upload"]],K=[],J=new Map,Ge=0,ue=[];async function Be(){let t=await L($e,{});K=[...new Set(t.reports.map(r=>r.year))].sort((r,s)=>s-r),J=new Map;for(let r of t.reports){let s=J.get(r.year)??[],a=r.issuer??"";s.includes(a)||s.push(a),J.set(r.year,s.sort())}}function ce(t,r=!1){r?history.replaceState(null,"",t):history.pushState(null,"",t),M()}function qe(t,r,s,a=[]){return e("select",{"aria-label":t,onchange:o=>{let l=new URLSearchParams(location.search);l.set(r,o.target.value);for(let m of["page",...a])l.delete(m);ce(`${location.pathname}?${l}`)}},s.map(([o,l,m])=>e("option",{value:o,selected:m},l)))}function lt(t,r){let s=qe(n("年度","Year"),"year",t.years.map(l=>[String(l),n(`${l}年`,String(l)),l===t.year])),a=t.issuer===null?null:qe(n("发文单位","Issuer"),"issuer",t.issuers.map(l=>[l,l||n("（未注明）","(unnamed)"),l===t.issuer]),["unit"]),o=r==="/"?"/":`/${r.split("/")[1]}`;return e("header",{class:"top"},e("div",{class:"brand"},e("a",{href:t.href("/"),"data-nav":!0},e("strong",null,n("民生实事项目调度","Livelihood projects")),e("span",null," · shishi"))),e("nav",{"aria-label":n("主导航","Main")},ot.map(([l,m,g])=>e("a",{href:t.href(l),"data-nav":!0,"aria-current":o===l?"page":null},n(m,g)))),e("div",{class:"tools"},t.years.length?s:null,a,e("button",{type:"button",class:"lang","data-lang-toggle":!0,title:n("Switch to English","切换到中文"),onclick:()=>{ye(U()==="zh"?"en":"zh"),M()}},U()==="zh"?"EN":"中文"),P()?e("button",{type:"button",class:"lang",title:n("清除本次会话保存的 API 令牌","Forget the API token kept for this session"),onclick:()=>{ee(null),M()}},n("退出令牌","Forget token")):null,e("a",{href:"/playground",class:"playground"},n("GraphQL 调试台","GraphQL playground"))))}function W(t,r){let s=e("input",{type:"password",name:"token",autocomplete:"off",required:!0,"aria-label":n("API 令牌","API token")});return e("form",{class:"card token",onsubmit:a=>{a.preventDefault(),ee(s.value.trim()),r()}},e("h2",null,n("请输入 API 令牌","Enter the API token")),e("p",null,t),e("p",{class:"hint"},n("令牌由管理员提供（服务器启动时设置或打印）。它只保存在本浏览器的本次会话中，关闭浏览器即清除。","The administrator has the token (set or printed when the server starts). It is kept for this browser session only.")),e("div",{class:"row"},s,e("button",{type:"submit",class:"primary"},n("确定","OK"))))}function z(t){if(t instanceof w&&(t.code==="UNAUTHENTICATED"||t.code==="FORBIDDEN"))return W(F(t.code,t.message),()=>{M()});let r=t instanceof w?F(t.code,t.message):n("页面出错了，请刷新重试。","Something went wrong; reload the page.");return ae("error",r)}async function M(){let t=++Ge;for(let d of ue)d();ue=[],document.documentElement.lang=U()==="zh"?"zh-CN":"en";let r=document.getElementById("app");if(!r)return;let s=location.pathname.replace(/\/+$/,"")||"/",a=new URLSearchParams(location.search),o=e("main",{id:"main"}),l=Number(a.get("year")),m=K.includes(l)?l:K[0]??null,g=m===null?[]:J.get(m)??[],y=a.get("issuer"),u=g.length<2?null:y!==null&&g.includes(y)?y:g[0],h={years:K,year:m,issuers:g,issuer:u,params:a,id:"",main:o,href(d,c={}){let R=new URLSearchParams;a.get("year")&&d!=="/upload"&&R.set("year",a.get("year")),u!==null&&d!=="/upload"&&R.set("issuer",u);for(let[E,$]of Object.entries(c))$!=null&&$!==""&&R.set(E,String($));let C=R.toString();return C?`${d}?${C}`:d},go:ce,onLeave(d){ue.push(d)}};r.replaceChildren(lt(h,s),o);let p=at.find(([d])=>d.test(s));if(!p){B(o,[e("h1",null,n("找不到页面","Page not found")),e("p",null,e("a",{href:"/","data-nav":!0},n("返回总览","Back to the overview")))]);return}h.id=decodeURIComponent(s.match(p[0])?.[1]??""),o.appendChild(ae("loading"));try{await p[1](h)}catch(d){if(t!==Ge)return;console.warn("page failed",d),o.replaceChildren(z(d))}}async function it(){document.addEventListener("click",t=>{let r=t.target?.closest?.("a[data-nav]");!r||t.defaultPrevented||t.button!==0||t.metaKey||t.ctrlKey||t.shiftKey||r.target||(t.preventDefault(),ce(r.getAttribute("href")??"/"))}),window.addEventListener("popstate",()=>{M()});try{await Be()}catch(t){let r=document.getElementById("app"),s=async()=>{try{await Be(),await M()}catch(a){r?.replaceChildren(e("main",{id:"main"},z(a)))}};if(t instanceof w&&(t.code==="UNAUTHENTICATED"||t.code==="FORBIDDEN")){r?.replaceChildren(e("main",{id:"main"},W(F(t.code,t.message),()=>{s()})));return}r?.replaceChildren(e("main",{id:"main"},z(t)));return}await M()}it();})();
