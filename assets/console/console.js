"use strict";(()=>{var X="shishi.token";function P(){try{return sessionStorage.getItem(X)}catch{return null}}function Z(t){try{t?sessionStorage.setItem(X,t):sessionStorage.removeItem(X)}catch{}}var b=class extends Error{constructor(a,s){super(s);this.code=a}};function pe(){let t=P();return t?{authorization:`Bearer ${t}`}:{}}async function me(t){let r;try{r=await t.json()}catch{throw new b(t.status===503?"BUSY":"NETWORK",`HTTP ${t.status}`)}let a=r.errors?.[0];if(a)throw new b(a.extensions?.code??"ERROR",a.message);if(!r.data)throw new b("ERROR",`HTTP ${t.status}`);return r.data}async function x(t,r){let a;try{a=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...pe()},body:JSON.stringify({query:t,variables:r})})}catch{throw new b("NETWORK","network")}return me(a)}async function ee(t,r){let a=new FormData;a.append("operations",JSON.stringify({query:t,variables:{...r,file:null}})),a.append("map",JSON.stringify({0:["variables.file"]})),a.append("0",r.file,r.file.name);let s;try{s=await fetch("/graphql",{method:"POST",headers:pe(),body:a})}catch{throw new b("NETWORK","network")}return me(s)}function he(t,r,a){let s=null,o=!1,l=1e3,m=()=>{let f=`${location.protocol==="https:"?"wss":"ws"}://${location.host}/graphql`,p=new WebSocket(f,"graphql-transport-ws");s=p,p.onopen=()=>{let u=P();p.send(JSON.stringify({type:"connection_init",payload:u?{Authorization:`Bearer ${u}`}:{}}))},p.onmessage=u=>{let i;try{i=JSON.parse(String(u.data))}catch{return}i.type==="connection_ack"?(l=1e3,a(!0),p.send(JSON.stringify({id:"1",type:"subscribe",payload:{query:t}}))):i.type==="next"&&i.payload?.data?r(i.payload.data):i.type==="ping"&&p.send(JSON.stringify({type:"pong"}))},p.onclose=()=>{a(!1),o||(setTimeout(m,l),l=Math.min(l*2,3e4))}};return m(),{close(){o=!0,s?.close(1e3)}}}var ge="shishi.lang";function qe(){try{return localStorage.getItem(ge)==="en"?"en":"zh"}catch{return"zh"}}var te=qe();function U(){return te}function fe(t){te=t;try{localStorage.setItem(ge,t)}catch{}document.documentElement.lang=t==="zh"?"zh-CN":"en"}function n(t,r){return te==="zh"?t:r}var Ve={GREEN:["绿灯","Green"],YELLOW:["黄灯","Yellow"],RED:["红灯","Red"]},We={NOT_STARTED:["未开工","Not started"],IN_PROGRESS:["推进中","In progress"],COMPLETED:["已完成","Completed"]},ze={RUNNING:["进行中","Running"],SUCCEEDED:["已导入","Imported"],UNCHANGED:["未变化（已导入过）","Unchanged (imported before)"],FAILED:["失败","Failed"],DRY_RUN:["预检","Dry run"]},Ye={UPLOAD:["上传","Upload"],SCHEDULE:["定时同步","Schedule"],MANUAL:["手动同步","Manual sync"],CLI:["命令行","Command line"],EXAMPLE:["内置示例","Bundled example"]},j=t=>n(...Ve[t]),k=t=>n(...We[t]),ne=t=>n(...ze[t]),ye=t=>n(...Ye[t]),Qe={EMPTY_FILE:["文件是空的（0 字节）。请重新导出表格后上传保存好的文件。","The file is empty. Export the table again and upload the saved file."],NOT_A_SPREADSHEET:["这不是电子表格文件。请上传 .xlsx、.xls 或 .ods 格式的调度表。","Not a spreadsheet. Upload the table as .xlsx, .xls or .ods."],UNREADABLE_FILE:["文件无法读取，可能已损坏或不完整。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。","The file cannot be read; it may be damaged. Open it in Excel or WPS, save it again as .xlsx and upload that copy."],PASSWORD_PROTECTED:["文件设有密码。请取消密码保护后再上传。","The file is password protected. Remove the password and upload it again."],TOO_LARGE:["文件或工作表过大，超出服务器的限制。","The file or a sheet is larger than the server accepts."],ARCHIVE_TOO_LARGE:["文件解压后过大，超出服务器的限制。","The file unpacks to more than the server accepts."],NO_HEADER:["找不到表头：表格前 30 行里应有“任务目标”以及“序号、责任单位、进展情况、完成率”中的至少两列。请检查表头文字。","No header row: the first 30 rows need 任务目标 and two of 序号, 责任单位, 进展情况, 完成率."],NO_PROJECT_ROWS:["表头下面没有项目行。","The header has no project rows under it."],NO_YEAR:["标题和文件名里都没有年份。请在标题写明年份（如“2025年…”），或在下方填写报告日期。","No year in the title or file name. Put it in the title, or give the reporting date below."],NO_PERIOD:["标题和文件名里都没有期次。请在标题写明期次（如“二季度”“1-6月”），或在下方填写期次和报告日期。","No period in the title or file name. Put it in the title, or give the period and date below."],BAD_PERIOD:["填写的期次无法识别，请写“二季度”“1-6月”“上半年”这样的期次。","The period given names no period; write e.g. 二季度, 1-6月, 上半年."],DUPLICATE_PROJECT:["有两行是同一个项目。请合并或删除重复的行。","Two rows name the same project. Merge or remove the repeated row."],SOURCE_UNREADABLE:["同步来源无法读取（文件或文件夹不存在或无权限）。","The sync source cannot be read."],HTTP_STATUS:["同步地址返回了错误状态。","The sync URL answered with an error status."],HTTP_TIMEOUT:["同步地址没有及时响应。","The sync URL did not answer in time."],HTTP_ERROR:["无法从同步地址获取文件。","The file could not be fetched from the sync URL."],INTERRUPTED:["导入过程中服务器停止了，没有写入任何内容。请重新上传。","The server stopped during the import; nothing was written. Upload again."],INTERNAL:["数据库拒绝了这次导入，没有写入任何内容。请联系管理员查看服务器日志。","The database refused the import; nothing was written. The server log has the details."]},Ke={UNAUTHENTICATED:["需要 API 令牌。","An API token is needed."],FORBIDDEN:["API 令牌不正确。请向管理员确认服务器使用的令牌。","The API token is not valid."],TOO_LARGE:["文件超过服务器允许的大小。","The file is larger than the server accepts."],BUSY:["服务器正忙，请稍后再试。","The server is busy; try again shortly."],NETWORK:["无法连接服务器，请检查网络后重试。","The server cannot be reached."],REQUEST_TIMEOUT:["上传超时，请重试。","The upload timed out; try again."]};function re(t){let r=Qe[t];return r?n(...r):n(`导入失败（${t}）。`,`The import failed (${t}).`)}function M(t,r){let a=Ke[t];return a?n(...a):n(`请求失败（${t}）。`,`The request failed (${t}): ${r}`)}var Je={SERIAL_REPEATED:"序号与前面某一行重复；两行都已导入，按项目名称区分。",SERIAL_OUT_OF_SEQUENCE:"序号不连续（可能填错）；该行照常导入。",NO_GOAL:"这一行有序号但没有任务目标，已跳过。",STRAY_ROW:"这一行没有序号和任务目标，上面也没有可接续的项目，已跳过。",RATE_APPROXIMATE:"完成率不是确切数字（约数或文字），已按近似值读取。",RATE_EMPTY:"完成率为空，按“无完成率”保存。",RATE_OUT_OF_RANGE:"完成率超出 0～100%，按“无完成率”保存，原文保留。",RATE_UNREADABLE:"完成率无法识别为数字，按“无完成率”保存，原文保留。"};function Re(t,r){return U()==="en"?r:t&&Je[t]||"读取时发现需要注意的地方（详见英文说明）。"}function e(t,r=null,...a){let s=document.createElement(t);for(let[o,l]of Object.entries(r??{}))l==null||l===!1||(typeof l=="function"?s.addEventListener(o.replace(/^on/,""),l):l===!0?s.setAttribute(o,""):s.setAttribute(o,String(l)));return B(s,a),s}function B(t,r){for(let a of r)a==null||a===!1||(Array.isArray(a)?B(t,a):t.appendChild(typeof a=="object"?a:document.createTextNode(String(a))))}function C(t,...r){return e("a",{href:t,"data-nav":!0},...r)}function $(t){return t==null?"—":`${Math.round(t*10)/10}%`}function Y(t){if(t==null)return"—";let r=Math.round(t*10)/10;return r>0?`+${r}`:r<0?`−${-r}`:"0"}function L(t){if(!t)return"—";let[r,a,s]=t.slice(0,10).split("-").map(Number);return U()==="zh"?`${r}年${a}月${s}日`:new Date(Date.UTC(r,a-1,s)).toLocaleDateString("en",{year:"numeric",month:"short",day:"numeric",timeZone:"UTC"})}function Ee(t){if(!t)return"—";let r=new Date(t),a=s=>String(s).padStart(2,"0");return`${r.getFullYear()}-${a(r.getMonth()+1)}-${a(r.getDate())} ${a(r.getHours())}:${a(r.getMinutes())}`}function q(t){return e("span",{class:`lamp lamp-${t.toLowerCase()}`},j(t))}function ae(t,r){let a={loading:n("正在加载…","Loading…"),error:n("加载失败。","Could not load."),empty:n("没有数据。","Nothing here.")};return e("p",{class:`notice notice-${t}`,role:t==="error"?"alert":"status"},r??a[t])}function E(t,...r){t.replaceChildren(),B(t,r)}var ve=`
  query Boot {
    reports {
      id
      year
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
`,Xe=`
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
`,$e=`
  query Overview($year: Int!) {
    summary(year: $year) {
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
    trend(year: $year) {
      asOf
      expectedRate
      averageRate
      completedCount
      projectCount
      report {
        period
      }
    }
    red: projects(year: $year, light: RED, first: 50, orderBy: { field: RATE, direction: ASC }) {
      totalCount
      edges {
        ...Row
      }
    }
    stalled: projects(year: $year, stalled: true, first: 50, orderBy: { field: LIGHT, direction: DESC }) {
      totalCount
      edges {
        ...Row
      }
    }
    exports(year: $year) {
      latestReportUrl
      nextPeriodUrl
      historyXlsxUrl
      historyCsvUrl
    }
  }
  ${Te}
`,be=`
  query Projects(
    $year: Int!
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
    units(year: $year) {
      name
    }
    exports(year: $year) {
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
`,Se=`
  query Units($year: Int!) {
    unitRanking(year: $year, top: 5) {
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
    summary(year: $year) {
      expectedRate
      report {
        period
      }
    }
    exports(year: $year) {
      historyXlsxUrl
    }
  }
  ${Xe}
`,se=`
  fragment Run on SyncRun {
    id
    trigger
    source
    status
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
  ${se}
`,oe=`
  mutation Upload($file: Upload!, $dryRun: Boolean!, $asOf: Date, $period: String) {
    uploadSpreadsheet(file: $file, dryRun: $dryRun, asOf: $asOf, period: $period) {
      ...Run
    }
  }
  ${se}
`,Ce=`
  subscription RunFinished {
    syncRunFinished {
      ...Run
    }
  }
  ${se}
`;var Ze="http://www.w3.org/2000/svg";function Le(){let t=document.getElementById("main");return Math.round(Math.min(960,Math.max(300,(t?.clientWidth??680)-48)))}function T(t,r,a){let s=document.createElementNS(Ze,t);for(let[o,l]of Object.entries(r))s.setAttribute(o,String(l));return a!==void 0&&(s.textContent=a),s}function Q(t,r,a){let s=Le(),o=260,l=44,m=24,f=16,p=48,u=T("svg",{viewBox:`0 0 ${s} ${o}`,class:"chart",role:"img","aria-label":a});u.appendChild(T("title",{},a));let i=c=>t.length<=1?l+(s-l-m)/2:l+c*(s-l-m)/(t.length-1),h=c=>f+(100-c)*(o-f-p)/100;for(let c of[0,25,50,75,100])u.appendChild(T("line",{x1:l,x2:s-m,y1:h(c),y2:h(c),class:"grid"})),u.appendChild(T("text",{x:l-6,y:h(c)+4,class:"axis","text-anchor":"end"},`${c}%`));t.forEach((c,v)=>{let O=t.length>1&&v===0?"start":t.length>1&&v===t.length-1?"end":"middle";u.appendChild(T("text",{x:i(v),y:o-p+18,class:"axis","text-anchor":O},c))});for(let c of r){let v=c.values.map((R,d)=>R===null?null:[i(d),h(R)]),O=v.map((R,d)=>R?`${d===0||!v[d-1]?"M":"L"}${R[0].toFixed(1)},${R[1].toFixed(1)}`:"").join("");O&&u.appendChild(T("path",{d:O,class:`line ${c.kind}${c.dashed?" dashed":""}`})),v.forEach((R,d)=>{if(!R)return;let y=T("circle",{cx:R[0],cy:R[1],r:4,class:`dot ${c.kind}`});y.appendChild(T("title",{},`${c.name} ${t[d]}: ${Math.round((c.values[d]??0)*10)/10}%`)),u.appendChild(y)})}let S=l;for(let c of r){u.appendChild(T("line",{x1:S,x2:S+18,y1:o-10,y2:o-10,class:`line ${c.kind}${c.dashed?" dashed":""}`}));let v=T("text",{x:S+24,y:o-6,class:"legend"},c.name);u.appendChild(v),S+=24+c.name.length*13+24}return u}function Ne(t,r,a){let s=Le(),o=24,l=Math.min(150,Math.round(s*.36)),m=56,f=8,p=f*2+o*t.length,u=T("svg",{viewBox:`0 0 ${s} ${p}`,class:"chart bars",role:"img","aria-label":a});u.appendChild(T("title",{},a));let i=h=>l+h*(s-l-m)/100;return t.forEach((h,S)=>{let c=f+S*o,v=Math.floor((l-10)/13),O=h.label.length>v?`${h.label.slice(0,v-1)}…`:h.label;u.appendChild(T("text",{x:l-8,y:c+15,class:"axis","text-anchor":"end"},O));let R=T("rect",{x:l,y:c+3,width:Math.max(0,i(h.value??0)-l),height:o-6,rx:3,class:`bar ${h.kind}`});R.appendChild(T("title",{},`${h.label}: ${h.value===null?"—":`${Math.round(h.value*10)/10}%`}`)),u.appendChild(R),u.appendChild(T("text",{x:i(h.value??0)+6,y:c+15,class:"value"},h.value===null?"—":`${Math.round(h.value*10)/10}%`))}),r!==null&&u.appendChild(T("line",{x1:i(r),x2:i(r),y1:2,y2:p-2,class:"mark"})),u}function I(t,r,a,s){let o=[e("span",{class:"label"},r),e("strong",{class:"value"},a),s?.sub?e("span",{class:"sub"},s.sub):null],l=`figure${s?.kind?` figure-${s.kind}`:""}`;return s?.href?e("a",{class:l,href:s.href,"data-nav":!0,"data-figure":t},o):e("div",{class:l,"data-figure":t},o)}function H(t,r){return t.find(a=>a.light===r)?.count??0}function V(t,r,a){return e("div",{class:"table-wrap"},e("table",{class:"projects"},e("caption",null,a),e("thead",null,e("tr",null,e("th",{class:"num"},n("序号","No.")),e("th",null,n("项目","Project")),e("th",{class:"units-col"},n("责任单位","Units")),e("th",{class:"num"},n("完成率","Rate")),e("th",{class:"num"},n("较上期","Change")),e("th",null,n("亮灯","Light")),e("th",{class:"status-col"},n("状态","Status")))),e("tbody",null,r.map(s=>e("tr",{"data-id":s.node.id},e("td",{class:"num"},s.node.serialNo??"—"),e("td",{class:"name"},C(t.href(`/projects/${encodeURIComponent(s.node.id)}`),s.node.name),s.progress?.summary?e("span",{class:"summary"},s.progress.summary):null),e("td",{class:"units-col"},s.node.units.map(o=>o.name).join("、")),e("td",{class:"num rate"},s.progress?$(s.progress.completionRate):"—"),e("td",{class:`num delta${s.progress?.stalled?" stalled":""}`},s.progress?Y(s.progress.delta):"—",s.progress?.stalled?e("span",{class:"tag"},n("停滞","stalled")):null),e("td",null,s.progress?q(s.progress.light):"—"),e("td",{class:"status-col"},s.progress?k(s.progress.status):"—"))))))}function et(t){let r=P();if(!r)return;t.preventDefault();let a=t.currentTarget;(async()=>{let s=await fetch(a.href,{headers:{authorization:`Bearer ${r}`}});if(!s.ok){alert(n(`下载失败（HTTP ${s.status}）`,`Download failed (HTTP ${s.status})`));return}let o=/filename\*=UTF-8''([^;]+)/i.exec(s.headers.get("content-disposition")??"")?.[1],l=URL.createObjectURL(await s.blob()),m=e("a",{href:l,download:o?decodeURIComponent(o):""});document.body.appendChild(m),m.click(),m.remove(),setTimeout(()=>URL.revokeObjectURL(l),1e4)})()}function _(t){let r=t.filter(a=>!!a[1]);return r.length?e("div",{class:"downloads no-print"},e("span",null,n("下载：","Download: ")),r.map(([a,s])=>e("a",{href:s,download:"",class:"download",onclick:et},a))):null}function N(t,r,a=!0){return e("div",{class:"page-title"},e("div",null,e("h1",null,t),r?e("p",{class:"sub"},r):null),a?e("button",{type:"button",class:"no-print",onclick:()=>window.print()},n("打印","Print")):null)}function A(t){return e("div",{class:"card empty"},e("h1",null,n("还没有导入任何调度表","No table has been imported yet")),e("p",null,n("上传一份民生实事项目进展情况调度表后，这里会显示总览。","Upload a tracking table and the overview appears here.")),C(t.href("/upload"),n("去上传","Upload a table")))}async function Oe(t){if(t.year===null){E(t.main,A(t));return}let r=t.year,a=await x($e,{year:r}),s=a.summary;if(document.title=n(`总览 · ${r}年民生实事`,`Overview · ${r}`),!s.report){E(t.main,A(t));return}let o=e("section",{class:"figures","aria-label":n("主要指标","Figures")},I("period",n("报告期","Period"),s.report.period,{sub:L(s.asOf)}),I("expectedRate",n("序时进度","Expected by now"),$(s.expectedRate)),I("projectCount",n("项目总数","Projects"),String(s.projectCount),{href:t.href("/projects")}),I("completedCount",n("已完成","Completed"),String(s.completedCount),{href:t.href("/projects",{status:"COMPLETED"}),kind:"done"}),I("averageRate",n("平均完成率","Average rate"),$(s.averageRate))),l=e("section",{class:"figures lights","aria-label":n("亮灯情况","Lights")},["GREEN","YELLOW","RED"].map(i=>I(i,j(i),String(H(s.byLight,i)),{kind:i.toLowerCase(),href:t.href("/projects",{light:i}),sub:n("个项目","projects")}))),m=a.trend.map(i=>i.report.period),f=e("section",{class:"card"},e("h2",null,n("完成率走势","Rate over the year")),a.trend.length?Q(m,[{name:n("平均完成率","Average rate"),kind:"actual",values:a.trend.map(i=>i.averageRate)},{name:n("序时进度","Expected"),kind:"expected",values:a.trend.map(i=>i.expectedRate),dashed:!0}],n("平均完成率与序时进度","Average rate and expected rate")):null,e("table",{class:"compact trend"},e("thead",null,e("tr",null,e("th",null,n("报告期","Period")),e("th",{class:"date-col"},n("日期","Date")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num"},n("序时进度","Expected")),e("th",{class:"num"},n("已完成","Completed")))),e("tbody",null,a.trend.map(i=>e("tr",null,e("td",null,i.report.period),e("td",{class:"date-col nowrap"},L(i.asOf)),e("td",{class:"num"},$(i.averageRate)),e("td",{class:"num"},$(i.expectedRate)),e("td",{class:"num"},`${i.completedCount}/${i.projectCount}`)))))),p=e("section",{class:"card",id:"red"},e("h2",null,n(`红灯项目（${a.red.totalCount}）`,`Red projects (${a.red.totalCount})`)),a.red.totalCount?V(t,a.red.edges,n("落后序时进度 30 个百分点以上，或完成率无法读取","More than 30 points behind, or no readable rate")):e("p",{class:"ok"},n("没有红灯项目。","No red projects.")),a.red.totalCount>a.red.edges.length?C(t.href("/projects",{light:"RED"}),n("查看全部红灯项目","All red projects")):null),u=e("section",{class:"card",id:"stalled"},e("h2",null,n(`停滞项目（${a.stalled.totalCount}）`,`Stalled projects (${a.stalled.totalCount})`)),a.stalled.totalCount?V(t,a.stalled.edges,n("未完成，且完成率与上期相同","Not completed, and the rate has not moved since the last report")):e("p",{class:"ok"},n("没有停滞项目。","No stalled projects.")),a.stalled.totalCount>a.stalled.edges.length?C(t.href("/projects",{stalled:"true"}),n("查看全部停滞项目","All stalled projects")):null);E(t.main,N(n(`${r}年民生实事项目总览`,`Livelihood projects ${r}`),s.report.title),_([[n("本期调度表","This report (xlsx)"),s.report.exportUrl],[n("下期填报表","Next period's form"),a.exports?.nextPeriodUrl],[n("全年进展历史","History (xlsx)"),a.exports?.historyXlsxUrl],[n("历史 CSV","History (CSV)"),a.exports?.historyCsvUrl]]),o,l,p,u,f)}async function Pe(t){let r=null;try{r=(await x(we,{id:t.id})).project}catch(o){if(!(o instanceof b&&o.code==="BAD_USER_INPUT"))throw o}if(!r){E(t.main,e("h1",null,n("找不到这个项目","No such project")),C(t.href("/projects"),n("返回项目列表","Back to the projects")));return}document.title=`${r.name} · shishi`;let a=r.history[r.history.length-1],s=Q(r.history.map(o=>o.report.period),[{name:n("完成率","Rate"),kind:"actual",values:r.history.map(o=>o.completionRate)},{name:n("序时进度","Expected"),kind:"expected",values:r.history.map(o=>o.expectedRate),dashed:!0}],n("完成率与序时进度","Rate and expected rate"));E(t.main,e("p",{class:"crumbs no-print"},C(t.href("/projects"),n("← 项目列表","← Projects"))),N(`${r.serialNo?`${r.serialNo}. `:""}${r.name}`,n(`${r.year}年民生实事项目`,`Livelihood project ${r.year}`)),e("section",{class:"card facts"},e("dl",null,e("dt",null,n("任务目标","Goal")),e("dd",{class:"goal"},r.goal),e("dt",null,n("责任单位","Units")),e("dd",null,r.units.map((o,l)=>[l?"、":"",C(t.href("/projects",{unit:o.name}),o.name)])),a?[e("dt",null,n("最新完成率","Latest rate")),e("dd",{class:"latest"},e("strong",null,$(a.completionRate))," ",q(a.light)," ",k(a.status),n(`（${a.report.period}，序时进度 ${$(a.expectedRate)}）`,` (${a.report.period}, expected ${$(a.expectedRate)})`))]:null)),e("section",{class:"card"},e("h2",null,n("完成率走势","Rate over the year")),s),e("section",{class:"card"},e("h2",null,n("各期进展","Progress by period")),e("ol",{class:"timeline"},[...r.history].reverse().map(o=>e("li",null,e("div",{class:"when"},e("strong",null,o.report.period),e("span",null,L(o.report.asOf)),e("span",{class:"rate"},$(o.completionRate)),e("span",{class:"delta"},n("较上期 ","change "),Y(o.delta)),q(o.light),o.stalled?e("span",{class:"tag"},n("停滞","stalled")):null),e("p",{class:"detail"},o.detail||n("（未填写进展）","(no progress text)")),o.remarks?e("p",{class:"remarks"},n("备注：","Remarks: "),o.remarks):null)))))}var Ae=[10,20,50,100],Ue=["GREEN","YELLOW","RED"],je=["NOT_STARTED","IN_PROGRESS","COMPLETED"],ke=[["SERIAL","序号","No."],["RATE","完成率","Rate"],["RATE_CHANGE","较上期变化","Change"],["LIGHT","亮灯","Light"],["NAME","名称","Name"]];function le(t,r){return r.find(a=>a===t)}async function Ie(t){if(t.year===null){E(t.main,A(t));return}let r=t.params,a=r.get("unit")||void 0,s=le(r.get("light"),Ue),o=le(r.get("status"),je),l=r.get("stalled")==="true"?!0:void 0,m=r.get("q")?.trim()||void 0,f=le(r.get("sort"),ke.map(g=>g[0]))??"SERIAL",p=r.get("dir")==="desc",u=Math.max(1,Math.floor(Number(r.get("page"))||1)),i=Ae.find(g=>g===Number(r.get("size")))??20,h=await x(be,{year:t.year,unit:a,light:s,status:o,stalled:l,search:m,orderBy:{field:f,direction:p?"DESC":"ASC"},first:i,offset:(u-1)*i});document.title=n(`项目 · ${t.year}年民生实事`,`Projects · ${t.year}`);let S={unit:a,light:s,status:o,stalled:l?"true":void 0,q:m,sort:f==="SERIAL"?void 0:f,dir:p?"desc":void 0,size:i===20?void 0:String(i)},c=g=>t.href("/projects",{...S,...g}),v=(g,G,w,J)=>e("label",null,e("span",null,G),e("select",{name:g},e("option",{value:""},n("全部","All")),w.map(([ue,Be])=>e("option",{value:ue,selected:ue===J},Be)))),O=e("form",{class:"filters no-print",role:"search",onsubmit:g=>{g.preventDefault();let G=new FormData(g.target),w=J=>G.get(J)||void 0;t.go(c({unit:w("unit"),light:w("light"),status:w("status"),stalled:w("stalled"),q:w("q")?.trim()||void 0,sort:w("sort")==="SERIAL"?void 0:w("sort"),dir:w("dir"),size:w("size")==="20"?void 0:w("size"),page:void 0}))},onchange:g=>{g.target.tagName==="SELECT"&&g.currentTarget.requestSubmit()}},e("label",{class:"search"},e("span",null,n("搜索","Search")),e("input",{type:"search",name:"q",value:m??"",placeholder:n("项目名称、目标或进展","Name, goal or progress")})),v("unit",n("责任单位","Unit"),h.units.map(g=>[g.name,g.name]),a),v("light",n("亮灯","Light"),Ue.map(g=>[g,j(g)]),s),v("status",n("状态","Status"),je.map(g=>[g,k(g)]),o),v("stalled",n("停滞","Stalled"),[["true",n("仅停滞项目","Stalled only")]],l?"true":void 0),e("label",null,e("span",null,n("排序","Sort by")),e("select",{name:"sort"},ke.map(([g,G,w])=>e("option",{value:g,selected:g===f},n(G,w))))),e("label",null,e("span",null,n("顺序","Order")),e("select",{name:"dir"},e("option",{value:""},n("升序","Ascending")),e("option",{value:"desc",selected:p},n("降序","Descending")))),e("label",null,e("span",null,n("每页","Per page")),e("select",{name:"size"},Ae.map(g=>e("option",{value:g,selected:g===i},String(g))))),e("button",{type:"submit",class:"primary"},n("查询","Apply")),e("a",{href:t.href("/projects"),"data-nav":!0,class:"reset"},n("清除条件","Clear"))),R=h.projects.totalCount,d=Math.max(1,Math.ceil(R/i));if(u>d){t.go(c({page:d>1?d:void 0}),!0);return}let y=e("nav",{class:"pager no-print","aria-label":n("分页","Pages")},u>1?e("a",{href:c({page:u-1}),"data-nav":!0,rel:"prev"},n("上一页","Previous")):e("span",{class:"disabled"},n("上一页","Previous")),e("span",{class:"where"},n(`第 ${u} / ${d} 页，共 ${R} 个项目`,`Page ${u} of ${d}, ${R} projects`)),u<d?e("a",{href:c({page:u+1}),"data-nav":!0,rel:"next"},n("下一页","Next")):e("span",{class:"disabled"},n("下一页","Next"))),F=[a,s&&j(s),o&&k(o),l&&n("停滞","stalled"),m&&`“${m}”`].filter(Boolean).join(" · ");E(t.main,N(n(`${t.year}年项目`,`Projects ${t.year}`),F||null),O,_([[a?n(`${a}的下期填报表`,`Next period's form for ${a}`):n("下期填报表","Next period's form"),h.exports?.nextPeriodUrl]]),R?V(t,h.projects.edges,n(`符合条件的项目 ${R} 个`,`${R} projects match`)):e("p",{class:"notice notice-empty"},n("没有符合条件的项目。","No project matches.")),y)}function ie(t,r,a,s=""){return e("div",{class:"table-wrap"},e("table",{class:`units ${s}`},e("caption",null,a),e("thead",null,e("tr",null,e("th",{class:"num"},n("名次","Rank")),e("th",null,n("单位","Unit")),e("th",{class:"num"},n("项目","Projects")),e("th",{class:"num"},n("已完成","Done")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num light-col"},n("绿","G")),e("th",{class:"num light-col"},n("黄","Y")),e("th",{class:"num light-col"},n("红","R")))),e("tbody",null,r.map(o=>e("tr",null,e("td",{class:"num"},o.rank),e("td",null,C(t.href("/projects",{unit:o.unit.name}),o.unit.name)),e("td",{class:"num"},o.projectCount),e("td",{class:"num"},o.completedCount),e("td",{class:"num rate"},$(o.averageRate)),e("td",{class:"num light-col green"},H(o.byLight,"GREEN")),e("td",{class:"num light-col yellow"},H(o.byLight,"YELLOW")),e("td",{class:"num light-col red"},H(o.byLight,"RED")))))))}async function De(t){if(t.year===null){E(t.main,A(t));return}let r=await x(Se,{year:t.year}),a=r.unitRanking;if(document.title=n(`红黄榜 · ${t.year}年民生实事`,`Units · ${t.year}`),!a.asOf){E(t.main,A(t));return}let s=r.summary.expectedRate,o=l=>l===null||s===null?"red":l>=100||s-l<10?"green":s-l<=30?"yellow":"red";E(t.main,N(n(`${t.year}年责任单位红黄榜`,`Units ranked, ${t.year}`),n(`${r.summary.report?.period??""}（截至${L(a.asOf)}），按平均完成率排名`,`${r.summary.report?.period??""} (as of ${L(a.asOf)}), by average rate`)),_([[n("全年进展历史（含红黄榜）","History with the ranking (xlsx)"),r.exports?.historyXlsxUrl]]),e("div",{class:"boards"},e("section",{class:"card board best"},e("h2",null,n("红榜（前 5 名）","Best 5")),ie(t,a.best,n("平均完成率最高的单位","Highest average rate"))),e("section",{class:"card board worst"},e("h2",null,n("黄榜（后 5 名）","Worst 5")),ie(t,a.worst,n("平均完成率最低的单位","Lowest average rate")))),e("section",{class:"card"},e("h2",null,n("各单位平均完成率","Average rate per unit")),e("p",{class:"hint"},n(`竖线为序时进度 ${$(s)}`,`The line marks the expected rate, ${$(s)}`)),Ne(a.units.map(l=>({label:l.unit.name,value:l.averageRate,kind:o(l.averageRate)})),s,n("各单位平均完成率","Average rate per unit"))),e("section",{class:"card"},e("h2",null,n("全部单位","Every unit")),ie(t,a.units,n(`共 ${a.units.length} 个单位`,`${a.units.length} units`),"all")))}var tt=".xlsx,.xls,.ods,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet";function nt(t){return t.warnings.length?e("div",{class:"table-wrap"},e("table",{class:"warnings"},e("caption",null,n(`读取时发现 ${t.warnings.length} 处需要注意`,`${t.warnings.length} things noticed while reading`)),e("thead",null,e("tr",null,e("th",null,n("工作表","Sheet")),e("th",{class:"num"},n("行","Row")),e("th",null,n("列","Column")),e("th",null,n("说明","What was noticed")))),e("tbody",null,t.warnings.map(r=>e("tr",null,e("td",null,r.sheet??"—"),e("td",{class:"num"},r.row??"—"),e("td",null,r.column??"—"),e("td",{title:r.message},Re(r.code,r.message))))))):null}function Me(t,r){let a=t.status==="FAILED",s=[[n("标题","Title"),t.title??"—"],[n("年度","Year"),t.year?String(t.year):"—"],[n("期次","Period"),t.period??"—"],[n("报告日期","Reporting date"),L(t.asOf)],[n("读取项目行","Project rows read"),String(t.rowsRead)],[r?n("将新增项目","Projects to create"):n("新增项目","Projects created"),String(t.projectsCreated)],[r?n("将更新项目","Projects to update"):n("更新项目","Projects updated"),String(t.projectsUpdated)]];return e("section",{class:`card run run-${t.status.toLowerCase()}`,"data-status":t.status,"aria-live":"polite"},e("h2",null,`${ne(t.status)} · ${t.source}`),a&&t.error?e("p",{class:"error",role:"alert"},re(t.error.code)):null,a&&t.error?e("details",null,e("summary",null,n("技术细节","Details")),e("p",{lang:"en"},`${t.error.code}: ${t.error.message}`)):null,a?null:e("dl",{class:"facts-grid"},s.map(([o,l])=>[e("dt",null,o),e("dd",null,l)])),r&&t.replaces?e("p",{class:"replaces"},n(`已有 ${L(t.replaces.asOf)}（${t.replaces.period}）的报告，导入后将以这份表为准，原报告保留为修订版本。`,`A report for ${L(t.replaces.asOf)} (${t.replaces.period}) is held; importing makes this table the current one and keeps the old one as a revision.`)):null,t.status==="UNCHANGED"?e("p",null,n("这份文件之前已经导入过，没有写入新内容。","This file was imported before; nothing new was written.")):null,nt(t))}function He(t){return e("div",{class:"table-wrap"},e("table",{class:"runs"},e("caption",null,n("最近 20 次，最新在前","The latest 20, newest first")),e("thead",null,e("tr",null,e("th",null,n("时间","When")),e("th",{class:"wide-only"},n("来源","Started by")),e("th",null,n("文件","File")),e("th",null,n("结果","Result")),e("th",null,n("报告期","Period")),e("th",{class:"num wide-only"},n("新增/更新","New/updated")),e("th",{class:"num wide-only"},n("提示","Notes")))),e("tbody",null,t.map(r=>e("tr",{"data-run":r.id,class:`run-${r.status.toLowerCase()}`},e("td",null,Ee(r.finishedAt??r.startedAt)),e("td",{class:"wide-only"},ye(r.trigger)),e("td",{class:"source"},r.source),e("td",{class:"result"},ne(r.status),r.error?e("span",{class:"why"},re(r.error.code)):null),e("td",null,r.period?`${r.year??""} ${r.period}`:"—"),e("td",{class:"num wide-only"},`${r.projectsCreated}/${r.projectsUpdated}`),e("td",{class:"num wide-only"},r.warnings.length||""))))))}async function _e(t){if(document.title=n("上传调度表 · shishi","Upload · shishi"),!P()){E(t.main,N(n("上传调度表","Upload a table"),null,!1),W(n("上传需要 API 令牌。","Uploading needs the API token."),()=>t.go(t.href("/upload"),!0)));return}let a=(await x(xe,{})).syncRuns.nodes,s=e("div",null,He(a)),o=e("span",{class:"live off"},n("连接中…","Connecting…")),l=he(Ce,d=>{let y=d.syncRunFinished;a=[y,...a.filter(F=>F.id!==y.id)].slice(0,20),E(s,He(a))},d=>{o.className=`live ${d?"on":"off"}`,o.textContent=d?n("实时更新中","Live"):n("连接已断开，正在重连…","Disconnected; reconnecting…")});t.onLeave(()=>l.close());let m=null,f=e("div",{class:"result"}),p=e("input",{type:"date",name:"asOf"}),u=e("input",{type:"text",name:"period",placeholder:n("如：三季度、1-9月","e.g. 三季度, 1-9月")}),i=()=>({asOf:p.value||void 0,period:u.value.trim()||void 0}),h=d=>E(f,e("p",{class:"notice notice-loading",role:"status"},d)),S=d=>{d instanceof b&&(d.code==="UNAUTHENTICATED"||d.code==="FORBIDDEN")?E(f,W(M(d.code,d.message),()=>t.go(t.href("/upload"),!0))):E(f,z(d))},c=async d=>{h(n("正在导入…","Importing…"));try{let y=(await ee(oe,{file:d,dryRun:!1,...i()})).uploadSpreadsheet;E(f,Me(y,!1),y.status==="SUCCEEDED"&&y.report&&y.year?e("p",null,e("a",{href:t.href("/",{year:y.year}),"data-nav":!0,class:"button primary"},n("查看总览","See the overview"))):null)}catch(y){S(y)}},v=async d=>{m=d,h(n(`正在预检 ${d.name}…`,`Checking ${d.name}…`));try{let y=(await ee(oe,{file:d,dryRun:!0,...i()})).uploadSpreadsheet,F=y.status==="DRY_RUN";E(f,Me(y,!0),F?e("div",{class:"actions"},e("button",{type:"button",class:"primary",id:"confirm",onclick:()=>{c(d)}},n("确认导入","Import it")),e("button",{type:"button",onclick:()=>E(f)},n("取消","Cancel"))):e("p",{class:"hint"},n("请修改表格后重新选择文件。","Fix the table and choose the file again.")))}catch(y){S(y)}},O=e("input",{type:"file",accept:tt,id:"file",onchange:d=>{let y=d.target.files?.[0];y&&v(y)}}),R=e("label",{class:"drop",for:"file",ondragover:d=>{d.preventDefault(),R.classList.add("over")},ondragleave:()=>R.classList.remove("over"),ondrop:d=>{d.preventDefault(),R.classList.remove("over");let y=d.dataTransfer?.files?.[0];y&&v(y)}},e("strong",null,n("把调度表拖到这里，或点击选择文件","Drop the table here, or click to choose it")),e("span",null,n("支持 .xlsx、.xls、.ods；先预检，确认后才导入",".xlsx, .xls or .ods; checked first, imported when you confirm")));E(t.main,N(n("上传调度表","Upload a table"),n("每期收到的民生实事项目进展情况调度表","Each period's tracking table"),!1),e("section",{class:"card"},R,O,e("details",{class:"overrides"},e("summary",null,n("标题里没有期次或年份时填写","When the title names no period or year")),e("label",null,e("span",null,n("报告日期","Reporting date")),p),e("label",null,e("span",null,n("期次","Period")),u),e("button",{type:"button",onclick:()=>m&&void v(m)},n("用这些重新预检","Check again with these"))),f),e("section",{class:"card"},e("h2",null,n("同步记录","Sync runs")," ",o),s))}var rt=[[/^\/$/,Oe],[/^\/projects$/,Ie],[/^\/projects\/([^/]+)$/,Pe],[/^\/units$/,De],[/^\/upload$/,_e]],at=[["/","总览","Overview"],["/projects","项目","Projects"],["/units","单位（红黄榜）","Units"],["/upload","上传","Upload"]],K=[],Fe=0,de=[];async function Ge(){let t=await x(ve,{});K=[...new Set(t.reports.map(r=>r.year))].sort((r,a)=>a-r)}function ce(t,r=!1){r?history.replaceState(null,"",t):history.pushState(null,"",t),D()}function st(t,r){let a=e("select",{"aria-label":n("年度","Year"),onchange:o=>{let l=new URLSearchParams(location.search);l.set("year",o.target.value),l.delete("page"),ce(`${location.pathname}?${l}`)}},t.years.map(o=>e("option",{value:o,selected:o===t.year},n(`${o}年`,String(o))))),s=r==="/"?"/":`/${r.split("/")[1]}`;return e("header",{class:"top"},e("div",{class:"brand"},e("a",{href:t.href("/"),"data-nav":!0},e("strong",null,n("民生实事项目调度","Livelihood projects")),e("span",null," · shishi"))),e("nav",{"aria-label":n("主导航","Main")},at.map(([o,l,m])=>e("a",{href:t.href(o),"data-nav":!0,"aria-current":s===o?"page":null},n(l,m)))),e("div",{class:"tools"},t.years.length?a:null,e("button",{type:"button",class:"lang","data-lang-toggle":!0,title:n("Switch to English","切换到中文"),onclick:()=>{fe(U()==="zh"?"en":"zh"),D()}},U()==="zh"?"EN":"中文"),P()?e("button",{type:"button",class:"lang",title:n("清除本次会话保存的 API 令牌","Forget the API token kept for this session"),onclick:()=>{Z(null),D()}},n("退出令牌","Forget token")):null,e("a",{href:"/playground",class:"playground"},n("GraphQL 调试台","GraphQL playground"))))}function W(t,r){let a=e("input",{type:"password",name:"token",autocomplete:"off",required:!0,"aria-label":n("API 令牌","API token")});return e("form",{class:"card token",onsubmit:s=>{s.preventDefault(),Z(a.value.trim()),r()}},e("h2",null,n("请输入 API 令牌","Enter the API token")),e("p",null,t),e("p",{class:"hint"},n("令牌由管理员提供（服务器启动时设置或打印）。它只保存在本浏览器的本次会话中，关闭浏览器即清除。","The administrator has the token (set or printed when the server starts). It is kept for this browser session only.")),e("div",{class:"row"},a,e("button",{type:"submit",class:"primary"},n("确定","OK"))))}function z(t){if(t instanceof b&&(t.code==="UNAUTHENTICATED"||t.code==="FORBIDDEN"))return W(M(t.code,t.message),()=>{D()});let r=t instanceof b?M(t.code,t.message):n("页面出错了，请刷新重试。","Something went wrong; reload the page.");return ae("error",r)}async function D(){let t=++Fe;for(let p of de)p();de=[],document.documentElement.lang=U()==="zh"?"zh-CN":"en";let r=document.getElementById("app");if(!r)return;let a=location.pathname.replace(/\/+$/,"")||"/",s=new URLSearchParams(location.search),o=e("main",{id:"main"}),l=Number(s.get("year")),m={years:K,year:K.includes(l)?l:K[0]??null,params:s,id:"",main:o,href(p,u={}){let i=new URLSearchParams;s.get("year")&&p!=="/upload"&&i.set("year",s.get("year"));for(let[S,c]of Object.entries(u))c!=null&&c!==""&&i.set(S,String(c));let h=i.toString();return h?`${p}?${h}`:p},go:ce,onLeave(p){de.push(p)}};r.replaceChildren(st(m,a),o);let f=rt.find(([p])=>p.test(a));if(!f){B(o,[e("h1",null,n("找不到页面","Page not found")),e("p",null,e("a",{href:"/","data-nav":!0},n("返回总览","Back to the overview")))]);return}m.id=decodeURIComponent(a.match(f[0])?.[1]??""),o.appendChild(ae("loading"));try{await f[1](m)}catch(p){if(t!==Fe)return;console.warn("page failed",p),o.replaceChildren(z(p))}}async function ot(){document.addEventListener("click",t=>{let r=t.target?.closest?.("a[data-nav]");!r||t.defaultPrevented||t.button!==0||t.metaKey||t.ctrlKey||t.shiftKey||r.target||(t.preventDefault(),ce(r.getAttribute("href")??"/"))}),window.addEventListener("popstate",()=>{D()});try{await Ge()}catch(t){let r=document.getElementById("app"),a=async()=>{try{await Ge(),await D()}catch(s){r?.replaceChildren(e("main",{id:"main"},z(s)))}};if(t instanceof b&&(t.code==="UNAUTHENTICATED"||t.code==="FORBIDDEN")){r?.replaceChildren(e("main",{id:"main"},W(M(t.code,t.message),()=>{a()})));return}r?.replaceChildren(e("main",{id:"main"},z(t)));return}await D()}ot();})();
