"use strict";(()=>{var ee="shishi.token";function U(){try{return sessionStorage.getItem(ee)}catch{return null}}function te(t){try{t?sessionStorage.setItem(ee,t):sessionStorage.removeItem(ee)}catch{}}var w=class extends Error{constructor(s,a){super(a);this.code=s}};function ge(){let t=U();return t?{authorization:`Bearer ${t}`}:{}}async function he(t){let r;try{r=await t.json()}catch{throw new w(t.status===503?"BUSY":"NETWORK",`HTTP ${t.status}`)}let s=r.errors?.[0];if(s)throw new w(s.extensions?.code??"ERROR",s.message);if(!r.data)throw new w("ERROR",`HTTP ${t.status}`);return r.data}async function L(t,r){let s;try{s=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...ge()},body:JSON.stringify({query:t,variables:r})})}catch{throw new w("NETWORK","network")}return he(s)}async function ne(t,r){let s=new FormData;s.append("operations",JSON.stringify({query:t,variables:{...r,file:null}})),s.append("map",JSON.stringify({0:["variables.file"]})),s.append("0",r.file,r.file.name);let a;try{a=await fetch("/graphql",{method:"POST",headers:ge(),body:s})}catch{throw new w("NETWORK","network")}return he(a)}function fe(t,r,s){let a=null,o=!1,l=1e3,d=()=>{let f=`${location.protocol==="https:"?"wss":"ws"}://${location.host}/graphql`,y=new WebSocket(f,"graphql-transport-ws");a=y,y.onopen=()=>{let p=U();y.send(JSON.stringify({type:"connection_init",payload:p?{Authorization:`Bearer ${p}`}:{}}))},y.onmessage=p=>{let g;try{g=JSON.parse(String(p.data))}catch{return}g.type==="connection_ack"?(l=1e3,s(!0),y.send(JSON.stringify({id:"1",type:"subscribe",payload:{query:t}}))):g.type==="next"&&g.payload?.data?r(g.payload.data):g.type==="ping"&&y.send(JSON.stringify({type:"pong"}))},y.onclose=()=>{s(!1),o||(setTimeout(d,l),l=Math.min(l*2,3e4))}};return d(),{close(){o=!0,a?.close(1e3)}}}var ye="shishi.lang";function ze(){try{return localStorage.getItem(ye)==="en"?"en":"zh"}catch{return"zh"}}var re=ze();function k(){return re}function Re(t){re=t;try{localStorage.setItem(ye,t)}catch{}document.documentElement.lang=t==="zh"?"zh-CN":"en"}function n(t,r){return re==="zh"?t:r}var Ye={GREEN:["绿灯","Green"],YELLOW:["黄灯","Yellow"],RED:["红灯","Red"]},Qe={NOT_STARTED:["未开工","Not started"],IN_PROGRESS:["推进中","In progress"],COMPLETED:["已完成","Completed"]},Ke={RUNNING:["进行中","Running"],SUCCEEDED:["已导入","Imported"],UNCHANGED:["未变化（已导入过）","Unchanged (imported before)"],FAILED:["失败","Failed"],DRY_RUN:["预检","Dry run"]},Je={UPLOAD:["上传","Upload"],SCHEDULE:["定时同步","Schedule"],MANUAL:["手动同步","Manual sync"],CLI:["命令行","Command line"],EXAMPLE:["内置示例","Bundled example"]},I=t=>n(...Ye[t]),D=t=>n(...Qe[t]),se=t=>n(...Ke[t]),Ee=t=>n(...Je[t]),Xe={EMPTY_FILE:["文件是空的（0 字节）。请重新导出表格后上传保存好的文件。","The file is empty. Export the table again and upload the saved file."],NOT_A_SPREADSHEET:["这不是可读取的表格文件。请上传 .xlsx、.xls、.ods、.docx 或网页（.html）格式的调度表。","Not a table shishi reads. Upload it as .xlsx, .xls, .ods, .docx or an .html page."],UNSUPPORTED_FORMAT:["不支持 .doc、.wps、.et 格式。请在 Word、WPS 或 Excel 中另存为 .docx 或 .xlsx 后再上传。","The .doc, .wps and .et formats are not read. Save the file as .docx or .xlsx and upload that."],UNREADABLE_FILE:["文件无法读取，可能已损坏或不完整。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。","The file cannot be read; it may be damaged. Open it in Excel or WPS, save it again as .xlsx and upload that copy."],PASSWORD_PROTECTED:["文件设有密码。请取消密码保护后再上传。","The file is password protected. Remove the password and upload it again."],TOO_LARGE:["文件或工作表过大，超出服务器的限制。","The file or a sheet is larger than the server accepts."],ARCHIVE_TOO_LARGE:["文件解压后过大，超出服务器的限制。","The file unpacks to more than the server accepts."],NO_HEADER:["找不到表头：表格前 30 行里应有“任务目标”以及“序号、责任单位、进展情况、完成率”中的至少两列。请检查表头文字。","No header row: the first 30 rows need 任务目标 and two of 序号, 责任单位, 进展情况, 完成率."],NO_PROJECT_ROWS:["表头下面没有项目行。","The header has no project rows under it."],NO_YEAR:["标题和文件名里都没有年份。请在标题写明年份（如“2025年…”），或在下方填写报告日期。","No year in the title or file name. Put it in the title, or give the reporting date below."],NO_PERIOD:["标题和文件名里都没有期次。请在标题写明期次（如“二季度”“1-6月”），或在下方填写期次和报告日期。","No period in the title or file name. Put it in the title, or give the period and date below."],BAD_ISSUER:["填写的发文单位不是一个名称，请写表头上的单位名，如“章丘区”（不超过64字）。","The issuer given is not a name; write the issuing body as its tables print it, e.g. 章丘区."],BAD_MAPPING:["指定的表头行或列对不上任何工作表，请对照表格核对行号、列字母或表头文字。","The header row or columns given fit no sheet; check them against the table."],BAD_PERIOD:["填写的期次无法识别，请写“二季度”“1-6月”“上半年”这样的期次。","The period given names no period; write e.g. 二季度, 1-6月, 上半年."],DUPLICATE_PROJECT:["有两行是同一个项目。请合并或删除重复的行。","Two rows name the same project. Merge or remove the repeated row."],SOURCE_UNREADABLE:["同步来源无法读取（文件或文件夹不存在或无权限）。","The sync source cannot be read."],HTTP_STATUS:["同步地址返回了错误状态。","The sync URL answered with an error status."],HTTP_TIMEOUT:["同步地址没有及时响应。","The sync URL did not answer in time."],HTTP_ERROR:["无法从同步地址获取文件。","The file could not be fetched from the sync URL."],INTERRUPTED:["导入过程中服务器停止了，没有写入任何内容。请重新上传。","The server stopped during the import; nothing was written. Upload again."],INTERNAL:["数据库拒绝了这次导入，没有写入任何内容。请联系管理员查看服务器日志。","The database refused the import; nothing was written. The server log has the details."]},Ze={UNAUTHENTICATED:["需要 API 令牌。","An API token is needed."],FORBIDDEN:["API 令牌不正确。请向管理员确认服务器使用的令牌。","The API token is not valid."],TOO_LARGE:["文件超过服务器允许的大小。","The file is larger than the server accepts."],BUSY:["服务器正忙，请稍后再试。","The server is busy; try again shortly."],NETWORK:["无法连接服务器，请检查网络后重试。","The server cannot be reached."],REQUEST_TIMEOUT:["上传超时，请重试。","The upload timed out; try again."]};function ae(t){let r=Xe[t];return r?n(...r):n(`导入失败（${t}）。`,`The import failed (${t}).`)}function G(t,r){let s=Ze[t];return s?n(...s):n(`请求失败（${t}）。`,`The request failed (${t}): ${r}`)}var et={SERIAL_REPEATED:"序号与前面某一行重复；两行都已导入，按项目名称区分。",SERIAL_OUT_OF_SEQUENCE:"序号不连续（可能填错）；该行照常导入。",NO_GOAL:"这一行有序号但没有任务目标，已跳过。",STRAY_ROW:"这一行没有序号和任务目标，上面也没有可接续的项目，已跳过。",RATE_APPROXIMATE:"完成率不是确切数字（约数或文字），已按近似值读取。",RATE_EMPTY:"完成率为空，按“无完成率”保存。",RATE_OUT_OF_RANGE:"完成率超出 0～100%，按“无完成率”保存，原文保留。",RATE_UNREADABLE:"完成率无法识别为数字，按“无完成率”保存，原文保留。",SHEET_SKIPPED:"这个工作表也有一张表，但期次不同，未并入本次导入；请单独导入。",PROJECT_MERGED:"该项目在多个工作表中出现，已合并为一个项目（责任单位与进展合并，保留第一个完成率）。",ISSUER_UNNAMED:"表格标题没有写明区县，而本年度已有多个区县的表格：这张表单独保存，未并入任何区县；请指定区县后再导入一次。"};function ve(t,r){return k()==="en"?r:t&&et[t]||"读取时发现需要注意的地方（详见英文说明）。"}function e(t,r=null,...s){let a=document.createElement(t);for(let[o,l]of Object.entries(r??{}))l==null||l===!1||(typeof l=="function"?a.addEventListener(o.replace(/^on/,""),l):l===!0?a.setAttribute(o,""):a.setAttribute(o,String(l)));return q(a,s),a}function q(t,r){for(let s of r)s==null||s===!1||(Array.isArray(s)?q(t,s):t.appendChild(typeof s=="object"?s:document.createTextNode(String(s))))}function x(t,...r){return e("a",{href:t,"data-nav":!0},...r)}function $(t){return t==null?"—":`${Math.round(t*10)/10}%`}function Q(t){if(t==null)return"—";let r=Math.round(t*10)/10;return r>0?`+${r}`:r<0?`−${-r}`:"0"}function N(t){if(!t)return"—";let[r,s,a]=t.slice(0,10).split("-").map(Number);return k()==="zh"?`${r}年${s}月${a}日`:new Date(Date.UTC(r,s-1,a)).toLocaleDateString("en",{year:"numeric",month:"short",day:"numeric",timeZone:"UTC"})}function $e(t){if(!t)return"—";let r=new Date(t),s=a=>String(a).padStart(2,"0");return`${r.getFullYear()}-${s(r.getMonth()+1)}-${s(r.getDate())} ${s(r.getHours())}:${s(r.getMinutes())}`}function V(t){return e("span",{class:`lamp lamp-${t.toLowerCase()}`},I(t))}function oe(t,r){let s={loading:n("正在加载…","Loading…"),error:n("加载失败。","Could not load."),empty:n("没有数据。","Nothing here.")};return e("p",{class:`notice notice-${t}`,role:t==="error"?"alert":"status"},r??s[t])}function E(t,...r){t.replaceChildren(),q(t,r)}var be=`
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
`,tt=`
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
`,we=`
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
  ${Te}
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
`,xe=`
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
  ${tt}
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
`,Ne=`
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
`,Le=`
  subscription RunFinished {
    syncRunFinished {
      ...Run
    }
  }
  ${le}
`;var nt="http://www.w3.org/2000/svg";function Oe(){let t=document.getElementById("main");return Math.round(Math.min(960,Math.max(300,(t?.clientWidth??680)-48)))}function S(t,r,s){let a=document.createElementNS(nt,t);for(let[o,l]of Object.entries(r))a.setAttribute(o,String(l));return s!==void 0&&(a.textContent=s),a}function K(t,r,s){let a=Oe(),o=260,l=44,d=24,f=16,y=48,p=S("svg",{viewBox:`0 0 ${a} ${o}`,class:"chart",role:"img","aria-label":s});p.appendChild(S("title",{},s));let g=m=>t.length<=1?l+(a-l-d)/2:l+m*(a-l-d)/(t.length-1),c=m=>f+(100-m)*(o-f-y)/100;for(let m of[0,25,50,75,100])p.appendChild(S("line",{x1:l,x2:a-d,y1:c(m),y2:c(m),class:"grid"})),p.appendChild(S("text",{x:l-6,y:c(m)+4,class:"axis","text-anchor":"end"},`${m}%`));t.forEach((m,R)=>{let T=t.length>1&&R===0?"start":t.length>1&&R===t.length-1?"end":"middle";p.appendChild(S("text",{x:g(R),y:o-y+18,class:"axis","text-anchor":T},m))});for(let m of r){let R=m.values.map((b,v)=>b===null?null:[g(v),c(b)]),T=R.map((b,v)=>b?`${v===0||!R[v-1]?"M":"L"}${b[0].toFixed(1)},${b[1].toFixed(1)}`:"").join("");T&&p.appendChild(S("path",{d:T,class:`line ${m.kind}${m.dashed?" dashed":""}`})),R.forEach((b,v)=>{if(!b)return;let O=S("circle",{cx:b[0],cy:b[1],r:4,class:`dot ${m.kind}`});O.appendChild(S("title",{},`${m.name} ${t[v]}: ${Math.round((m.values[v]??0)*10)/10}%`)),p.appendChild(O)})}let i=l;for(let m of r){p.appendChild(S("line",{x1:i,x2:i+18,y1:o-10,y2:o-10,class:`line ${m.kind}${m.dashed?" dashed":""}`}));let R=S("text",{x:i+24,y:o-6,class:"legend"},m.name);p.appendChild(R),i+=24+m.name.length*13+24}return p}function Pe(t,r,s){let a=Oe(),o=24,l=Math.min(150,Math.round(a*.36)),d=56,f=8,y=f*2+o*t.length,p=S("svg",{viewBox:`0 0 ${a} ${y}`,class:"chart bars",role:"img","aria-label":s});p.appendChild(S("title",{},s));let g=c=>l+c*(a-l-d)/100;return t.forEach((c,i)=>{let m=f+i*o,R=Math.floor((l-10)/13),T=c.label.length>R?`${c.label.slice(0,R-1)}…`:c.label;p.appendChild(S("text",{x:l-8,y:m+15,class:"axis","text-anchor":"end"},T));let b=S("rect",{x:l,y:m+3,width:Math.max(0,g(c.value??0)-l),height:o-6,rx:3,class:`bar ${c.kind}`});b.appendChild(S("title",{},`${c.label}: ${c.value===null?"—":`${Math.round(c.value*10)/10}%`}`)),p.appendChild(b),p.appendChild(S("text",{x:g(c.value??0)+6,y:m+15,class:"value"},c.value===null?"—":`${Math.round(c.value*10)/10}%`))}),r!==null&&p.appendChild(S("line",{x1:g(r),x2:g(r),y1:2,y2:y-2,class:"mark"})),p}function M(t,r,s,a){let o=[e("span",{class:"label"},r),e("strong",{class:"value"},s),a?.sub?e("span",{class:"sub"},a.sub):null],l=`figure${a?.kind?` figure-${a.kind}`:""}`;return a?.href?e("a",{class:l,href:a.href,"data-nav":!0,"data-figure":t},o):e("div",{class:l,"data-figure":t},o)}function _(t,r){return t.find(s=>s.light===r)?.count??0}function W(t,r,s){return e("div",{class:"table-wrap"},e("table",{class:"projects"},e("caption",null,s),e("thead",null,e("tr",null,e("th",{class:"num"},n("序号","No.")),e("th",null,n("项目","Project")),e("th",{class:"units-col"},n("责任单位","Units")),e("th",{class:"num"},n("完成率","Rate")),e("th",{class:"num"},n("较上期","Change")),e("th",null,n("亮灯","Light")),e("th",{class:"status-col"},n("状态","Status")))),e("tbody",null,r.map((a,o)=>[a.node.category&&a.node.category!==r[o-1]?.node.category?e("tr",{class:"category"},e("th",{colspan:7,scope:"rowgroup"},x(t.href("/projects",{category:a.node.category}),a.node.category))):null,e("tr",{"data-id":a.node.id},e("td",{class:"num"},a.node.serialNo===null||a.node.serialNo===void 0?"—":`${a.node.serialNo}${a.node.serialMark??""}`),e("td",{class:"name"},x(t.href(`/projects/${encodeURIComponent(a.node.id)}`),a.node.name),a.progress?.summary?e("span",{class:"summary"},a.progress.summary):null),e("td",{class:"units-col"},a.node.units.map(l=>l.name).join("、")),e("td",{class:"num rate"},a.progress?$(a.progress.completionRate):"—",a.progress?.rateSource==="ITEMS"?e("span",{class:"rate-source",title:n("表中未填项目完成率，按各子项目完成率平均","The table gives no rate for the project: the mean of its sub-items'")},n("子项平均","items' mean")):null),e("td",{class:`num delta${a.progress?.stalled?" stalled":""}`},a.progress?Q(a.progress.delta):"—",a.progress?.stalled?e("span",{class:"tag"},n("停滞","stalled")):null),e("td",null,a.progress?V(a.progress.light):"—"),e("td",{class:"status-col"},a.progress?D(a.progress.status):"—"))]))))}function rt(t){let r=U();if(!r)return;t.preventDefault();let s=t.currentTarget;(async()=>{let a=await fetch(s.href,{headers:{authorization:`Bearer ${r}`}});if(!a.ok){alert(n(`下载失败（HTTP ${a.status}）`,`Download failed (HTTP ${a.status})`));return}let o=/filename\*=UTF-8''([^;]+)/i.exec(a.headers.get("content-disposition")??"")?.[1],l=URL.createObjectURL(await a.blob()),d=e("a",{href:l,download:o?decodeURIComponent(o):""});document.body.appendChild(d),d.click(),d.remove(),setTimeout(()=>URL.revokeObjectURL(l),1e4)})()}function B(t){let r=t.filter(s=>!!s[1]);return r.length?e("div",{class:"downloads no-print"},e("span",null,n("下载：","Download: ")),r.map(([s,a])=>e("a",{href:a,download:"",class:"download",onclick:rt},s))):null}function P(t,r,s=!0){return e("div",{class:"page-title"},e("div",null,e("h1",null,t),r?e("p",{class:"sub"},r):null),s?e("button",{type:"button",class:"no-print",onclick:()=>window.print()},n("打印","Print")):null)}function j(t){return e("div",{class:"card empty"},e("h1",null,n("还没有导入任何调度表","No table has been imported yet")),e("p",null,n("上传一份民生实事项目进展情况调度表后，这里会显示总览。","Upload a tracking table and the overview appears here.")),x(t.href("/upload"),n("去上传","Upload a table")))}async function Ae(t){if(t.year===null){E(t.main,j(t));return}let r=t.year,s=await L(Se,{year:r,issuer:t.issuer}),a=s.summary;if(document.title=n(`总览 · ${r}年民生实事`,`Overview · ${r}`),!a.report){E(t.main,j(t));return}let o=e("section",{class:"figures","aria-label":n("主要指标","Figures")},M("period",n("报告期","Period"),a.report.period,{sub:N(a.asOf)}),M("expectedRate",n("序时进度","Expected by now"),$(a.expectedRate)),M("projectCount",n("项目总数","Projects"),String(a.projectCount),{href:t.href("/projects")}),M("completedCount",n("已完成","Completed"),String(a.completedCount),{href:t.href("/projects",{status:"COMPLETED"}),kind:"done"}),M("averageRate",n("平均完成率","Average rate"),$(a.averageRate))),l=e("section",{class:"figures lights","aria-label":n("亮灯情况","Lights")},["GREEN","YELLOW","RED"].map(i=>M(i,I(i),String(_(a.byLight,i)),{kind:i.toLowerCase(),href:t.href("/projects",{light:i}),sub:n("个项目","projects")}))),d=s.trend.map(i=>i.report.period),f=e("section",{class:"card"},e("h2",null,n("完成率走势","Rate over the year")),s.trend.length?K(d,[{name:n("平均完成率","Average rate"),kind:"actual",values:s.trend.map(i=>i.averageRate)},{name:n("序时进度","Expected"),kind:"expected",values:s.trend.map(i=>i.expectedRate),dashed:!0}],n("平均完成率与序时进度","Average rate and expected rate")):null,e("table",{class:"compact trend"},e("thead",null,e("tr",null,e("th",null,n("报告期","Period")),e("th",{class:"date-col"},n("日期","Date")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num"},n("序时进度","Expected")),e("th",{class:"num"},n("已完成","Completed")))),e("tbody",null,s.trend.map(i=>e("tr",null,e("td",null,i.report.period),e("td",{class:"date-col nowrap"},N(i.asOf)),e("td",{class:"num"},$(i.averageRate)),e("td",{class:"num"},$(i.expectedRate)),e("td",{class:"num"},`${i.completedCount}/${i.projectCount}`)))))),y=e("section",{class:"card",id:"red"},e("h2",null,n(`红灯项目（${s.red.totalCount}）`,`Red projects (${s.red.totalCount})`)),s.red.totalCount?W(t,s.red.edges,n("落后序时进度 30 个百分点以上，或完成率无法读取","More than 30 points behind, or no readable rate")):e("p",{class:"ok"},n("没有红灯项目。","No red projects.")),s.red.totalCount>s.red.edges.length?x(t.href("/projects",{light:"RED"}),n("查看全部红灯项目","All red projects")):null),p=e("section",{class:"card",id:"stalled"},e("h2",null,n(`停滞项目（${s.stalled.totalCount}）`,`Stalled projects (${s.stalled.totalCount})`)),s.stalled.totalCount?W(t,s.stalled.edges,n("未完成，且完成率与上期相同","Not completed, and the rate has not moved since the last report")):e("p",{class:"ok"},n("没有停滞项目。","No stalled projects.")),s.stalled.totalCount>s.stalled.edges.length?x(t.href("/projects",{stalled:"true"}),n("查看全部停滞项目","All stalled projects")):null),g=s.city.issuers.length>1?e("section",{class:"card",id:"city"},e("h2",null,n(`各地区排名（${s.city.issuers.length} 个发文单位）`,`Issuers ranked (${s.city.issuers.length})`)),e("table",{class:"compact"},e("thead",null,e("tr",null,e("th",{class:"num"},n("名次","Rank")),e("th",null,n("发文单位","Issuer")),e("th",{class:"date-col"},n("报告期","Period")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num"},n("已完成","Completed")),e("th",{class:"num"},n("红灯","Red")))),e("tbody",null,s.city.issuers.map(i=>e("tr",{"aria-current":(i.issuer??"")===t.issuer?"true":null},e("td",{class:"num"},String(i.rank)),e("td",null,e("a",{href:`/?year=${r}&issuer=${encodeURIComponent(i.issuer??"")}`,"data-nav":!0},i.issuer??n("（未注明）","(unnamed)"))),e("td",{class:"nowrap date-col"},`${i.report.period}（${N(i.asOf)}）`),e("td",{class:"num"},$(i.averageRate)),e("td",{class:"num"},`${i.completedCount}/${i.projectCount}`),e("td",{class:"num"},String(_(i.byLight,"RED")))))),e("tfoot",null,e("tr",null,e("td",null,""),e("th",null,n("合计","All")),e("td",{class:"date-col"},""),e("td",{class:"num"},$(s.city.total.averageRate)),e("td",{class:"num"},`${s.city.total.completedCount}/${s.city.total.projectCount}`),e("td",null,""))))):null,c=t.issuer??"";E(t.main,P(n(`${c}${r}年民生实事项目总览`,`Livelihood projects ${r}${c?` · ${c}`:""}`),a.report.title),g,B([[n("本期调度表","This report (xlsx)"),a.report.exportUrl],[n("下期填报表","Next period's form"),s.exports?.nextPeriodUrl],[n("全年进展历史","History (xlsx)"),s.exports?.historyXlsxUrl],[n("历史 CSV","History (CSV)"),s.exports?.historyCsvUrl]]),o,l,y,p,f)}async function Ue(t){let r=null;try{r=(await L(Ce,{id:t.id})).project}catch(o){if(!(o instanceof w&&o.code==="BAD_USER_INPUT"))throw o}if(!r){E(t.main,e("h1",null,n("找不到这个项目","No such project")),x(t.href("/projects"),n("返回项目列表","Back to the projects")));return}document.title=`${r.name} · shishi`;let s=r.history[r.history.length-1],a=K(r.history.map(o=>o.report.period),[{name:n("完成率","Rate"),kind:"actual",values:r.history.map(o=>o.completionRate)},{name:n("序时进度","Expected"),kind:"expected",values:r.history.map(o=>o.expectedRate),dashed:!0}],n("完成率与序时进度","Rate and expected rate"));E(t.main,e("p",{class:"crumbs no-print"},x(t.href("/projects"),n("← 项目列表","← Projects"))),P(`${r.serialNo?`${r.serialNo}${r.serialMark??""}. `:""}${r.name}`,n(`${r.year}年民生实事项目`,`Livelihood project ${r.year}`)),e("section",{class:"card facts"},e("dl",null,r.category?[e("dt",null,n("类别","Category")),e("dd",{class:"category"},x(t.href("/projects",{category:r.category}),r.category))]:null,e("dt",null,n("任务目标","Goal")),e("dd",{class:"goal"},r.goal),e("dt",null,n("责任单位","Units")),e("dd",null,r.units.map((o,l)=>[l?"、":"",x(t.href("/projects",{unit:o.name}),o.name)])),s?[e("dt",null,n("最新完成率","Latest rate")),e("dd",{class:"latest"},e("strong",null,$(s.completionRate))," ",V(s.light)," ",D(s.status),n(`（${s.report.period}，序时进度 ${$(s.expectedRate)}）`,` (${s.report.period}, expected ${$(s.expectedRate)})`),s.rateSource==="ITEMS"?e("span",{class:"rate-source"},n("表中未填项目完成率，为各子项目完成率的平均","the table gives no rate for the project: the mean of its sub-items'")):null)]:null)),s&&s.items.length?st(s):null,e("section",{class:"card"},e("h2",null,n("完成率走势","Rate over the year")),a),e("section",{class:"card"},e("h2",null,n("各期进展","Progress by period")),e("ol",{class:"timeline"},[...r.history].reverse().map(o=>e("li",null,e("div",{class:"when"},e("strong",null,o.report.period),e("span",null,N(o.report.asOf)),e("span",{class:"rate"},$(o.completionRate)),e("span",{class:"delta"},n("较上期 ","change "),Q(o.delta)),V(o.light),o.stalled?e("span",{class:"tag"},n("停滞","stalled")):null),o.items.length?e("p",{class:"item-rates"},o.items.map((l,d)=>[d?"；":"",`${l.name} ${$(l.completionRate)}`])):null,e("p",{class:"detail"},o.detail||n("（未填写进展）","(no progress text)")),o.remarks?e("p",{class:"remarks"},n("备注：","Remarks: "),o.remarks):null)))))}function st(t){let r=(s,a)=>s?`${s}${a??""}`:"—";return e("section",{class:"card"},e("h2",null,n(`子项目（${t.report.period}）`,`Sub-items (${t.report.period})`)),e("div",{class:"table-wrap"},e("table",{class:"items"},e("thead",null,e("tr",null,e("th",{class:"num"},n("序号","No.")),e("th",null,n("子项目","Sub-item")),e("th",{class:"units-col"},n("责任单位","Units")),e("th",{class:"num"},n("目标","Target")),e("th",{class:"num"},n("已完成","Done")),e("th",{class:"num"},n("完成率","Rate")))),e("tbody",null,t.items.map((s,a)=>e("tr",null,e("td",{class:"num"},s.serial??String(a+1)),e("td",{class:"name"},s.name),e("td",{class:"units-col"},s.units.map(o=>o.name).join("、")||"—"),e("td",{class:"num"},r(s.target,s.measure)),e("td",{class:"num"},r(s.done,s.measure)),e("td",{class:"num rate"},s.completionRate===null||s.completionRate===void 0?s.rawRate||"—":$(s.completionRate))))))))}var je=[10,20,50,100],ke=["GREEN","YELLOW","RED"],Ie=["NOT_STARTED","IN_PROGRESS","COMPLETED"],De=[["SERIAL","序号","No."],["RATE","完成率","Rate"],["RATE_CHANGE","较上期变化","Change"],["LIGHT","亮灯","Light"],["NAME","名称","Name"]];function ue(t,r){return r.find(s=>s===t)}async function Me(t){if(t.year===null){E(t.main,j(t));return}let r=t.params,s=r.get("unit")||void 0,a=ue(r.get("light"),ke),o=ue(r.get("status"),Ie),l=r.get("stalled")==="true"?!0:void 0,d=r.get("q")?.trim()||void 0,f=r.get("category")||void 0,y=ue(r.get("sort"),De.map(u=>u[0]))??"SERIAL",p=r.get("dir")==="desc",g=Math.max(1,Math.floor(Number(r.get("page"))||1)),c=je.find(u=>u===Number(r.get("size")))??20,i=await L(we,{year:t.year,issuer:t.issuer,unit:s,light:a,status:o,stalled:l,search:d,category:f,orderBy:{field:y,direction:p?"DESC":"ASC"},first:c,offset:(g-1)*c});document.title=n(`项目 · ${t.year}年民生实事`,`Projects · ${t.year}`);let m={unit:s,light:a,status:o,stalled:l?"true":void 0,q:d,category:f,sort:y==="SERIAL"?void 0:y,dir:p?"desc":void 0,size:c===20?void 0:String(c)},R=u=>t.href("/projects",{...m,...u}),T=(u,A,C,Z)=>e("label",null,e("span",null,A),e("select",{name:u},e("option",{value:""},n("全部","All")),C.map(([me,We])=>e("option",{value:me,selected:me===Z},We)))),b=e("form",{class:"filters no-print",role:"search",onsubmit:u=>{u.preventDefault();let A=new FormData(u.target),C=Z=>A.get(Z)||void 0;t.go(R({unit:C("unit"),light:C("light"),status:C("status"),stalled:C("stalled"),q:C("q")?.trim()||void 0,sort:C("sort")==="SERIAL"?void 0:C("sort"),dir:C("dir"),size:C("size")==="20"?void 0:C("size"),page:void 0}))},onchange:u=>{u.target.tagName==="SELECT"&&u.currentTarget.requestSubmit()}},e("label",{class:"search"},e("span",null,n("搜索","Search")),e("input",{type:"search",name:"q",value:d??"",placeholder:n("项目名称、目标或进展","Name, goal or progress")})),T("unit",n("责任单位","Unit"),i.units.map(u=>[u.name,u.name]),s),T("light",n("亮灯","Light"),ke.map(u=>[u,I(u)]),a),T("status",n("状态","Status"),Ie.map(u=>[u,D(u)]),o),T("stalled",n("停滞","Stalled"),[["true",n("仅停滞项目","Stalled only")]],l?"true":void 0),e("label",null,e("span",null,n("排序","Sort by")),e("select",{name:"sort"},De.map(([u,A,C])=>e("option",{value:u,selected:u===y},n(A,C))))),e("label",null,e("span",null,n("顺序","Order")),e("select",{name:"dir"},e("option",{value:""},n("升序","Ascending")),e("option",{value:"desc",selected:p},n("降序","Descending")))),e("label",null,e("span",null,n("每页","Per page")),e("select",{name:"size"},je.map(u=>e("option",{value:u,selected:u===c},String(u))))),e("button",{type:"submit",class:"primary"},n("查询","Apply")),e("a",{href:t.href("/projects"),"data-nav":!0,class:"reset"},n("清除条件","Clear"))),v=i.projects.totalCount,O=Math.max(1,Math.ceil(v/c));if(g>O){t.go(R({page:O>1?O:void 0}),!0);return}let F=e("nav",{class:"pager no-print","aria-label":n("分页","Pages")},g>1?e("a",{href:R({page:g-1}),"data-nav":!0,rel:"prev"},n("上一页","Previous")):e("span",{class:"disabled"},n("上一页","Previous")),e("span",{class:"where"},n(`第 ${g} / ${O} 页，共 ${v} 个项目`,`Page ${g} of ${O}, ${v} projects`)),g<O?e("a",{href:R({page:g+1}),"data-nav":!0,rel:"next"},n("下一页","Next")):e("span",{class:"disabled"},n("下一页","Next"))),h=[f,s,a&&I(a),o&&D(o),l&&n("停滞","stalled"),d&&`“${d}”`].filter(Boolean).join(" · ");E(t.main,P(n(`${t.year}年项目`,`Projects ${t.year}`),h||null),b,B([[s?n(`${s}的下期填报表`,`Next period's form for ${s}`):n("下期填报表","Next period's form"),i.exports?.nextPeriodUrl]]),v?W(t,i.projects.edges,n(`符合条件的项目 ${v} 个`,`${v} projects match`)):e("p",{class:"notice notice-empty"},n("没有符合条件的项目。","No project matches.")),F)}function ce(t,r,s,a=""){return e("div",{class:"table-wrap"},e("table",{class:`units ${a}`},e("caption",null,s),e("thead",null,e("tr",null,e("th",{class:"num"},n("名次","Rank")),e("th",null,n("单位","Unit")),e("th",{class:"num"},n("项目","Projects")),e("th",{class:"num"},n("已完成","Done")),e("th",{class:"num"},n("平均完成率","Average")),e("th",{class:"num light-col"},n("绿","G")),e("th",{class:"num light-col"},n("黄","Y")),e("th",{class:"num light-col"},n("红","R")))),e("tbody",null,r.map(o=>e("tr",null,e("td",{class:"num"},o.rank),e("td",null,x(t.href("/projects",{unit:o.unit.name}),o.unit.name)),e("td",{class:"num"},o.projectCount),e("td",{class:"num"},o.completedCount),e("td",{class:"num rate"},$(o.averageRate)),e("td",{class:"num light-col green"},_(o.byLight,"GREEN")),e("td",{class:"num light-col yellow"},_(o.byLight,"YELLOW")),e("td",{class:"num light-col red"},_(o.byLight,"RED")))))))}async function _e(t){if(t.year===null){E(t.main,j(t));return}let r=await L(xe,{year:t.year,issuer:t.issuer}),s=r.unitRanking;if(document.title=n(`红黄榜 · ${t.year}年民生实事`,`Units · ${t.year}`),!s.asOf){E(t.main,j(t));return}let a=r.summary.expectedRate,o=l=>l===null||a===null?"red":l>=100||a-l<10?"green":a-l<=30?"yellow":"red";E(t.main,P(n(`${t.year}年责任单位红黄榜`,`Units ranked, ${t.year}`),n(`${r.summary.report?.period??""}（截至${N(s.asOf)}），按平均完成率排名`,`${r.summary.report?.period??""} (as of ${N(s.asOf)}), by average rate`)),B([[n("全年进展历史（含红黄榜）","History with the ranking (xlsx)"),r.exports?.historyXlsxUrl]]),e("div",{class:"boards"},e("section",{class:"card board best"},e("h2",null,n("红榜（前 5 名）","Best 5")),ce(t,s.best,n("平均完成率最高的单位","Highest average rate"))),e("section",{class:"card board worst"},e("h2",null,n("黄榜（后 5 名）","Worst 5")),ce(t,s.worst,n("平均完成率最低的单位","Lowest average rate")))),e("section",{class:"card"},e("h2",null,n("各单位平均完成率","Average rate per unit")),e("p",{class:"hint"},n(`竖线为序时进度 ${$(a)}`,`The line marks the expected rate, ${$(a)}`)),Pe(s.units.map(l=>({label:l.unit.name,value:l.averageRate,kind:o(l.averageRate)})),a,n("各单位平均完成率","Average rate per unit"))),e("section",{class:"card"},e("h2",null,n("全部单位","Every unit")),ce(t,s.units,n(`共 ${s.units.length} 个单位`,`${s.units.length} units`),"all")))}var at=".xlsx,.xls,.ods,.docx,.html,.htm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/html";function ot(t){return t.warnings.length?e("div",{class:"table-wrap"},e("table",{class:"warnings"},e("caption",null,n(`读取时发现 ${t.warnings.length} 处需要注意`,`${t.warnings.length} things noticed while reading`)),e("thead",null,e("tr",null,e("th",null,n("工作表","Sheet")),e("th",{class:"num"},n("行","Row")),e("th",null,n("列","Column")),e("th",null,n("说明","What was noticed")))),e("tbody",null,t.warnings.map(r=>e("tr",null,e("td",null,r.sheet??"—"),e("td",{class:"num"},r.row??"—"),e("td",null,r.column??"—"),e("td",{title:r.message},ve(r.code,r.message))))))):null}function He(t,r){let s=t.status==="FAILED",a=[[n("标题","Title"),t.title??"—"],[n("发文单位","Issuer"),t.issuer||"—"],[n("年度","Year"),t.year?String(t.year):"—"],[n("期次","Period"),t.period??"—"],[n("报告日期","Reporting date"),N(t.asOf)],[n("读取项目行","Project rows read"),String(t.rowsRead)],[r?n("将新增项目","Projects to create"):n("新增项目","Projects created"),String(t.projectsCreated)],[r?n("将更新项目","Projects to update"):n("更新项目","Projects updated"),String(t.projectsUpdated)]];return e("section",{class:`card run run-${t.status.toLowerCase()}`,"data-status":t.status,"aria-live":"polite"},e("h2",null,`${se(t.status)} · ${t.source}`),s&&t.error?e("p",{class:"error",role:"alert"},ae(t.error.code)):null,s&&t.error?e("details",null,e("summary",null,n("技术细节","Details")),e("p",{lang:"en"},`${t.error.code}: ${t.error.message}`)):null,s?null:e("dl",{class:"facts-grid"},a.map(([o,l])=>[e("dt",null,o),e("dd",null,l)])),r&&t.replaces?e("p",{class:"replaces"},n(`已有 ${N(t.replaces.asOf)}（${t.replaces.period}）的报告，导入后将以这份表为准，原报告保留为修订版本。`,`A report for ${N(t.replaces.asOf)} (${t.replaces.period}) is held; importing makes this table the current one and keeps the old one as a revision.`)):null,t.status==="UNCHANGED"?e("p",null,n("这份文件之前已经导入过，没有写入新内容。","This file was imported before; nothing new was written.")):null,ot(t))}function Fe(t){return e("div",{class:"table-wrap"},e("table",{class:"runs"},e("caption",null,n("最近 20 次，最新在前","The latest 20, newest first")),e("thead",null,e("tr",null,e("th",null,n("时间","When")),e("th",{class:"wide-only"},n("来源","Started by")),e("th",null,n("文件","File")),e("th",null,n("结果","Result")),e("th",null,n("报告期","Period")),e("th",{class:"num wide-only"},n("新增/更新","New/updated")),e("th",{class:"num wide-only"},n("提示","Notes")))),e("tbody",null,t.map(r=>e("tr",{"data-run":r.id,class:`run-${r.status.toLowerCase()}`},e("td",null,$e(r.finishedAt??r.startedAt)),e("td",{class:"wide-only"},Ee(r.trigger)),e("td",{class:"source"},r.source),e("td",{class:"result"},se(r.status),r.error?e("span",{class:"why"},ae(r.error.code)):null),e("td",null,r.period?`${r.year??""} ${r.period}`:"—"),e("td",{class:"num wide-only"},`${r.projectsCreated}/${r.projectsUpdated}`),e("td",{class:"num wide-only"},r.warnings.length||""))))))}async function Ge(t){if(document.title=n("上传调度表 · shishi","Upload · shishi"),!U()){E(t.main,P(n("上传调度表","Upload a table"),null,!1),z(n("上传需要 API 令牌。","Uploading needs the API token."),()=>t.go(t.href("/upload"),!0)));return}let s=(await L(Ne,{})).syncRuns.nodes,a=e("div",null,Fe(s)),o=e("span",{class:"live off"},n("连接中…","Connecting…")),l=fe(Le,h=>{let u=h.syncRunFinished;s=[u,...s.filter(A=>A.id!==u.id)].slice(0,20),E(a,Fe(s))},h=>{o.className=`live ${h?"on":"off"}`,o.textContent=h?n("实时更新中","Live"):n("连接已断开，正在重连…","Disconnected; reconnecting…")});t.onLeave(()=>l.close());let d=null,f=e("div",{class:"result"}),y=e("input",{type:"date",name:"asOf"}),p=e("input",{type:"text",name:"period",placeholder:n("如：三季度、1-9月","e.g. 三季度, 1-9月")}),g=e("input",{type:"text",name:"issuer",placeholder:n("如：章丘区","e.g. 章丘区")}),c=e("input",{type:"number",name:"headerRow",min:"1",placeholder:n("如：3","e.g. 3")}),i=e("input",{type:"text",name:"columns",placeholder:n("如：goal=B, units=C, progress=D, rate=E","e.g. goal=B, units=C, progress=D, rate=E")}),m=()=>({asOf:y.value||void 0,period:p.value.trim()||void 0,issuer:g.value.trim()||void 0,headerRow:c.value?Number(c.value):void 0,columns:i.value.trim()||void 0}),R=h=>E(f,e("p",{class:"notice notice-loading",role:"status"},h)),T=h=>{h instanceof w&&(h.code==="UNAUTHENTICATED"||h.code==="FORBIDDEN")?E(f,z(G(h.code,h.message),()=>t.go(t.href("/upload"),!0))):E(f,Y(h))},b=async h=>{R(n("正在导入…","Importing…"));try{let u=(await ne(ie,{file:h,dryRun:!1,...m()})).uploadSpreadsheet;E(f,He(u,!1),u.status==="SUCCEEDED"&&u.report&&u.year?e("p",null,e("a",{href:t.href("/",{year:u.year}),"data-nav":!0,class:"button primary"},n("查看总览","See the overview"))):null)}catch(u){T(u)}},v=async h=>{d=h,R(n(`正在预检 ${h.name}…`,`Checking ${h.name}…`));try{let u=(await ne(ie,{file:h,dryRun:!0,...m()})).uploadSpreadsheet,A=u.status==="DRY_RUN";E(f,He(u,!0),A?e("div",{class:"actions"},e("button",{type:"button",class:"primary",id:"confirm",onclick:()=>{b(h)}},n("确认导入","Import it")),e("button",{type:"button",onclick:()=>E(f)},n("取消","Cancel"))):e("p",{class:"hint"},n("请修改表格后重新选择文件。","Fix the table and choose the file again.")))}catch(u){T(u)}},O=e("input",{type:"file",accept:at,id:"file",onchange:h=>{let u=h.target.files?.[0];u&&v(u)}}),F=e("label",{class:"drop",for:"file",ondragover:h=>{h.preventDefault(),F.classList.add("over")},ondragleave:()=>F.classList.remove("over"),ondrop:h=>{h.preventDefault(),F.classList.remove("over");let u=h.dataTransfer?.files?.[0];u&&v(u)}},e("strong",null,n("把调度表拖到这里，或点击选择文件","Drop the table here, or click to choose it")),e("span",null,n("支持 .xlsx、.xls、.ods、.docx 和网页 .html；先预检，确认后才导入",".xlsx, .xls, .ods, .docx or an .html page; checked first, imported when you confirm")));E(t.main,P(n("上传调度表","Upload a table"),n("每期收到的民生实事项目进展情况调度表","Each period's tracking table"),!1),e("section",{class:"card"},F,O,e("details",{class:"overrides"},e("summary",null,n("标题里没有期次、年份或发文单位，或表头认不出时填写","When the title names no period, year or issuer, or the header is not recognized")),e("label",null,e("span",null,n("报告日期","Reporting date")),y),e("label",null,e("span",null,n("期次","Period")),p),e("label",null,e("span",null,n("发文单位","Issuer")),g),e("label",null,e("span",null,n("表头所在行","Header row")),c),e("label",null,e("span",null,n("各列对应（出错提示里会给出建议）","Columns (a refusal suggests them)")),i),e("button",{type:"button",onclick:()=>d&&void v(d)},n("用这些重新预检","Check again with these"))),f),e("section",{class:"card"},e("h2",null,n("同步记录","Sync runs")," ",o),a))}var lt=[[/^\/$/,Ae],[/^\/projects$/,Me],[/^\/projects\/([^/]+)$/,Ue],[/^\/units$/,_e],[/^\/upload$/,Ge]],it=[["/","总览","Overview"],["/projects","项目","Projects"],["/units","单位（红黄榜）","Units"],["/upload","上传","Upload"]],J=[],X=new Map,Be=0,de=[];async function qe(){let t=await L(be,{});J=[...new Set(t.reports.map(r=>r.year))].sort((r,s)=>s-r),X=new Map;for(let r of t.reports){let s=X.get(r.year)??[],a=r.issuer??"";s.includes(a)||s.push(a),X.set(r.year,s.sort())}}function pe(t,r=!1){r?history.replaceState(null,"",t):history.pushState(null,"",t),H()}function Ve(t,r,s,a=[]){return e("select",{"aria-label":t,onchange:o=>{let l=new URLSearchParams(location.search);l.set(r,o.target.value);for(let d of["page",...a])l.delete(d);pe(`${location.pathname}?${l}`)}},s.map(([o,l,d])=>e("option",{value:o,selected:d},l)))}function ut(t,r){let s=Ve(n("年度","Year"),"year",t.years.map(l=>[String(l),n(`${l}年`,String(l)),l===t.year])),a=t.issuer===null?null:Ve(n("发文单位","Issuer"),"issuer",t.issuers.map(l=>[l,l||n("（未注明）","(unnamed)"),l===t.issuer]),["unit"]),o=r==="/"?"/":`/${r.split("/")[1]}`;return e("header",{class:"top"},e("div",{class:"brand"},e("a",{href:t.href("/"),"data-nav":!0},e("strong",null,n("民生实事项目调度","Livelihood projects")),e("span",null," · shishi"))),e("nav",{"aria-label":n("主导航","Main")},it.map(([l,d,f])=>e("a",{href:t.href(l),"data-nav":!0,"aria-current":o===l?"page":null},n(d,f)))),e("div",{class:"tools"},t.years.length?s:null,a,e("button",{type:"button",class:"lang","data-lang-toggle":!0,title:n("Switch to English","切换到中文"),onclick:()=>{Re(k()==="zh"?"en":"zh"),H()}},k()==="zh"?"EN":"中文"),U()?e("button",{type:"button",class:"lang",title:n("清除本次会话保存的 API 令牌","Forget the API token kept for this session"),onclick:()=>{te(null),H()}},n("退出令牌","Forget token")):null,e("a",{href:"/playground",class:"playground"},n("GraphQL 调试台","GraphQL playground"))))}function z(t,r){let s=e("input",{type:"password",name:"token",autocomplete:"off",required:!0,"aria-label":n("API 令牌","API token")});return e("form",{class:"card token",onsubmit:a=>{a.preventDefault(),te(s.value.trim()),r()}},e("h2",null,n("请输入 API 令牌","Enter the API token")),e("p",null,t),e("p",{class:"hint"},n("令牌由管理员提供（服务器启动时设置或打印）。它只保存在本浏览器的本次会话中，关闭浏览器即清除。","The administrator has the token (set or printed when the server starts). It is kept for this browser session only.")),e("div",{class:"row"},s,e("button",{type:"submit",class:"primary"},n("确定","OK"))))}function Y(t){if(t instanceof w&&(t.code==="UNAUTHENTICATED"||t.code==="FORBIDDEN"))return z(G(t.code,t.message),()=>{H()});let r=t instanceof w?G(t.code,t.message):n("页面出错了，请刷新重试。","Something went wrong; reload the page.");return oe("error",r)}async function H(){let t=++Be;for(let i of de)i();de=[],document.documentElement.lang=k()==="zh"?"zh-CN":"en";let r=document.getElementById("app");if(!r)return;let s=location.pathname.replace(/\/+$/,"")||"/",a=new URLSearchParams(location.search),o=e("main",{id:"main"}),l=Number(a.get("year")),d=J.includes(l)?l:J[0]??null,f=d===null?[]:X.get(d)??[],y=a.get("issuer"),p=f.length<2?null:y!==null&&f.includes(y)?y:f[0],g={years:J,year:d,issuers:f,issuer:p,params:a,id:"",main:o,href(i,m={}){let R=new URLSearchParams;a.get("year")&&i!=="/upload"&&R.set("year",a.get("year")),p!==null&&i!=="/upload"&&R.set("issuer",p);for(let[b,v]of Object.entries(m))v!=null&&v!==""&&R.set(b,String(v));let T=R.toString();return T?`${i}?${T}`:i},go:pe,onLeave(i){de.push(i)}};r.replaceChildren(ut(g,s),o);let c=lt.find(([i])=>i.test(s));if(!c){q(o,[e("h1",null,n("找不到页面","Page not found")),e("p",null,e("a",{href:"/","data-nav":!0},n("返回总览","Back to the overview")))]);return}g.id=decodeURIComponent(s.match(c[0])?.[1]??""),o.appendChild(oe("loading"));try{await c[1](g)}catch(i){if(t!==Be)return;console.warn("page failed",i),o.replaceChildren(Y(i))}}async function ct(){document.addEventListener("click",t=>{let r=t.target?.closest?.("a[data-nav]");!r||t.defaultPrevented||t.button!==0||t.metaKey||t.ctrlKey||t.shiftKey||r.target||(t.preventDefault(),pe(r.getAttribute("href")??"/"))}),window.addEventListener("popstate",()=>{H()});try{await qe()}catch(t){let r=document.getElementById("app"),s=async()=>{try{await qe(),await H()}catch(a){r?.replaceChildren(e("main",{id:"main"},Y(a)))}};if(t instanceof w&&(t.code==="UNAUTHENTICATED"||t.code==="FORBIDDEN")){r?.replaceChildren(e("main",{id:"main"},z(G(t.code,t.message),()=>{s()})));return}r?.replaceChildren(e("main",{id:"main"},Y(t)));return}await H()}ct();})();
