// All page strings, keyed. Chinese first; English for the switch.
// `t(key, params)` replaces {name} placeholders; unknown keys show the key.

const zh = {
  skip: '跳到正文', title: '执行监督线索筛查', privacy: '全部在本机浏览器内计算，不上传任何数据',
  demo: '载入示例数据', mask: '脱敏显示', tour: '使用导览', steps: '步骤',
  'step.files': '添加文件', 'step.models': '选择模型并运行', 'step.leads': '线索', 'step.flow': '资金流水', 'step.export': '导出', 'step.workshop': '模型工坊',
  'files.h': '添加文件', 'files.drop': '把案件清单、保证金台账、车辆、不动产、银行流水等文件拖到这里',
  'files.formats': '支持 CSV、TSV、TXT、XLSX、XLS，可一次选择多个文件；GBK 编码自动识别',
  'files.pick': '选择文件…', 'files.clear': '清空文件',
  'files.summary': '已载入 {files} 个文件、{tables} 张表、共 {rows} 行',
  'files.none': '尚未载入文件。', 'files.withErrors': '{n} 个文件或工作表未能读取，原因见下方。',
  'files.loading': '正在读取 {name}…',
  'files.dropInvalid': '只能放入文件',
  'map.export': '导出列映射', 'map.confirmAll': '全部确认', 'map.confirmedAll': '已确认 {n} 张表的列映射', 'map.import': '导入列映射…', 'map.imported': '已导入 {n} 条列映射',
  'card.sheet': '工作表', 'card.format': '格式', 'card.encoding': '编码', 'card.size': '大小', 'card.rows': '数据行',
  'card.headerRow': '表头行', 'card.skipped': '跳过行', 'card.undecodable': '无法解码字符',
  'card.kind': '数据类型', 'card.unknownKind': '（未识别）', 'card.score': '匹配度',
  'card.mapping': '列映射', 'card.field': '字段', 'card.column': '对应列', 'card.unmapped': '-- 未映射 --',
  'card.confirm': '确认映射', 'card.confirmed': '已确认', 'card.remembered': '已按记住的映射设置',
  'card.quality': '数据质量', 'card.emptyCols': '{n} 列有空值（共 {cells} 处）', 'card.noIssues': '未发现问题', 'card.preview': '预览前 5 行',
  'card.duplicates': '重复行 {n} 行（与前面某行完全相同）', 'card.dupGroup': '{rows} 完全相同（共 {n} 行）',
  'card.dupPartial': '不同的行过多：重复行检查对后面的行只作了部分比对',
  'card.sampleOf': '流水按块读取：以下质量统计只针对前 {n} 行（全文件 {total} 行）；无法读取的交易见流水分析的读取说明',
  'card.skippedRows': '被跳过的行（共 {n} 行）', 'card.skippedCount': '{n} 行', 'card.row': '第 {row} 行', 'card.remove': '移除',
  'card.key': '关键字段', 'card.preset': '格式预设',
  'issue.empty': '空值', 'issue.invalid': '无效', 'issue.damaged': '被 Excel 损坏', 'issue.unparsed': '无法解析',
  'issue.line': '{column}：{kind} {count} 处', 'issue.examples': '例：',
  'cand.title': '合同地址的候选房产（{n} 组，需人工核对）', 'cand.leadsTitle': '候选不动产（地址比对）（{n} 处，需人工核对）', 'cand.address': '合同地址', 'cand.location': '登记坐落', 'cand.owner': '权利人', 'cand.score': '相似度', 'cand.reasons': '依据', 'cand.seized': '查封',
  'models.h': '选择模型并运行', 'models.asOf': '截至日期', 'models.all': '全选', 'models.none': '全不选',
  'models.unavailable': '筛查模型尚未载入（本版本未包含筛查引擎）。',
  'models.rules': '规则', 'models.params': '阈值', 'models.basis': '依据',
  'run.start': '开始筛查', 'run.cancel': '取消', 'run.cancelled': '已取消筛查。', 'run.noFiles': '请先添加文件。',
  'run.running': '正在筛查…', 'run.done': '筛查完成：{n} 条线索（仅姓名匹配 {m} 条），用时 {s} 秒',
  'run.stage': '{stage}：{done} / {total}',
  'run.notEvaluated': '未检查的规则', 'run.noModels': '请至少选择一个模型。', 'run.candidates': '；另有 {n} 组合同地址候选房产，见“选择模型并运行”页', 'run.stats': '；案件 {cases} 行，其中终本 {zb} 行、终本未恢复 {open} 行', 'models.needs': '所需数据', 'models.custom': '自定义', 'run.failed': '筛查失败：{msg}',
  'leads.search': '搜索', 'leads.searchPh': '搜索案号、姓名、证件号…', 'leads.model': '模型', 'leads.rule': '规则',
  'leads.status': '状态', 'leads.group': '分组', 'leads.all': '全部', 'leads.match': '匹配方式',
  'leads.strong': '证件号/姓名+出生匹配 {n}', 'leads.nameOnly': '仅姓名匹配 {n}（另列）',
  'leads.list': '线索列表', 'leads.detail': '线索详情', 'leads.empty': '没有符合条件的线索。',
  'leads.none': '尚未运行筛查。请先添加文件，再在“选择模型并运行”中开始筛查。',
  'leads.pick': '选择一条线索查看详情。', 'leads.import': '导入线索…', 'leads.imported': '已导入 {n} 条线索（无法读取的行 {bad}）',
  'detail.refsOnly': '原始单元格不在线索文件中（线索来自集群运行）：请按上面的文件、工作表和行号查看原始导出。', 'leads.select': '选择',
  'group.none': '不分组', 'group.case': '按案号', 'group.rule': '按规则', 'group.subject': '按被执行人',
  'col.case': '案号', 'col.subject': '被执行人', 'col.id': '证件号码', 'col.rule': '规则', 'col.match': '匹配',
  'col.amount': '金额（元）', 'col.status': '核查状态',
  'match.id': '证件号', 'match.name+birth': '姓名+出生日期', 'match.name': '仅姓名', 'match.case': '按案件',
  'detail.idSource': '证件号来源', 'detail.flags': '标记', 'detail.why': '为什么可疑',
  'flag.acquired_after_zhongben': '终本后登记取得', 'flag.payer_is_other': '保证金由他人缴纳，需核实权属', 'flag.change_unknown': '无变更被执行人信息，需核实',
  'flag.co_owned': '共有财产，可执行被执行人的份额', 'flag.not_paid_out': '至今未发放', 'flag.term_expired': '查封期限已届满，需核实是否续封',
  'status.todo': '待核查', 'status.true': '属实', 'status.excluded': '排除', 'status.referred': '已移送',
  'detail.reason': '线索说明', 'detail.figures': '关键数据', 'detail.basis': '法律依据', 'detail.evidence': '证据行',
  'detail.file': '文件', 'detail.sheet': '工作表', 'detail.row': '行号', 'detail.field': '字段', 'detail.raw': '原始值',
  'detail.norm': '规范化值', 'detail.status': '核查状态', 'detail.note': '备注', 'detail.saved': '已保存 {time}',
  'detail.model': '模型', 'detail.rule': '规则', 'detail.match': '匹配方式',
  'export.h': '导出', 'export.leads': '线索清单',
  'export.leadsHint': '导出当前筛选后的线索；开启“脱敏显示”时导出文件同样脱敏。以 = + - @ 开头的单元格已做防公式处理。',
  'export.xlsx': '导出 Excel（XLSX）', 'export.csv': '导出 CSV', 'export.print': '检察建议附件',
  'export.printHint': '打印在线索列表中勾选的线索（未勾选时打印当前筛选结果的前 50 条），A4 版式。',
  'export.printBtn': '打印预览', 'export.work': '核查记录',
  'export.workHint': '核查状态和备注保存在本机浏览器中；可导出为文件交给同事继续核查。',
  'export.workOut': '导出核查记录', 'export.workIn': '导入核查记录…', 'export.workImported': '已导入 {n} 条核查记录',
  'export.noLeads': '没有可导出的线索。', 'export.failed': '导出失败：{msg}',
  'print.title': '检察建议附件：执行监督线索材料', 'print.made': '制作日期：{date}　共 {n} 条线索',
  'print.facts': '案件事实', 'print.note': '核查备注',
  'demo.loading': '正在生成示例数据…', 'demo.unavailable': '本版本未包含示例数据。',
  'alias.title': '地址别名表（{n} 条，用于按合同地址查找候选房产）', 'alias.hint': '同一小区的不同名称、区划调整，用于合同地址与不动产登记坐落的比对。',
  'alias.estates': '小区别名（同一小区）', 'alias.districts': '区划调整', 'alias.estateA': '名称一', 'alias.estateB': '名称二',
  'alias.area': '城市', 'alias.old': '原区名', 'alias.new': '现区名', 'alias.since': '起始年份', 'alias.add': '添加一行', 'alias.remove': '删除',
  'alias.export': '导出别名表', 'alias.import': '导入别名表', 'alias.reset': '恢复示例', 'alias.imported': '已导入 {n} 条别名', 'alias.importFailed': '别名表无法导入：{msg}',
  'error.worker': '后台计算出错：{msg}', 'error.file': '{name}：{msg}', 'error.action': '操作失败：{msg}',
  'flow.lost': '后台计算进程已重启，之前的资金流水分析结果已丢失（文件和列映射已恢复）。', 'flow.rerun': '重新运行资金流水分析',
  'tour.skip': '跳过', 'tour.next': '下一步', 'tour.done': '开始使用',
  'tour.1.h': '欢迎使用“线索”', 'tour.1.p': '本工具在您的浏览器里完成全部计算，文件不会上传到任何地方。可以先点“载入示例数据”试一试。',
  'tour.2.h': '1. 添加文件', 'tour.2.p': '把法院、公安、车管、不动产、银行导出的表格拖进来。每个文件会显示识别出的数据类型和列映射，请核对后点“确认映射”。',
  'tour.3.h': '2. 选择模型并运行', 'tour.3.p': '选择要运行的筛查模型和截至日期，点“开始筛查”。运行中可随时取消。',
  'tour.4.h': '3. 核查线索', 'tour.4.p': '每条线索列出命中的规则、证据行（文件、工作表、行号）和法律依据。核查状态和备注自动保存在本机。',
  'tour.5.h': '4. 导出与打印', 'tour.5.p': '导出 Excel/CSV，或把勾选的线索打印为检察建议附件。需要截图或培训时打开“脱敏显示”。',
  'flow.placeholder': '资金流水分析尚未包含在本版本中。',
  'flag.has_petition': '有信访/12309 反映',
  'dossier.open': '一人一档', 'dossier.title': '一人一档', 'dossier.loading': '正在汇总…', 'dossier.birth': '出生日期',
  'dossier.priority': '综合优先级', 'dossier.level': '{level}（{score} 分）', 'dossier.cases': '执行案件（被执行人）', 'dossier.petition': '信访/12309',
  'dossier.yes': '有', 'dossier.no': '无', 'dossier.weak': '仅姓名匹配', 'dossier.weakN': '{n} 条记录仅姓名一致，需核实（斜体显示）',
  'dossier.formula': '优先级 = 每条筛查线索 10 分×匹配可信度（证件号 1、姓名+出生 0.8、仅姓名 0.3）+ 资金线索评分÷10（每条至多 10）+ 每多一个来源 5 分 + 终本未履行金额每 5 万元 1 分（至多 20）+ 有信访 5 分；40 分以上为高，20 分以上为中。',
  'dossier.leads': '筛查线索（{n}）', 'dossier.flowLeads': '资金流水线索（{n}）', 'dossier.phase': '案件阶段', 'dossier.role': '身份',
  'dossier.content': '内容', 'dossier.accounts': '银行账户（{n}）', 'dossier.account': '账号', 'dossier.rows': '流水行数', 'dossier.first': '最早', 'dossier.last': '最晚',
  'referral.open': '移送线索表（拒执）', 'referral.debtor': '被执行人',
  'referral.elements': '犯罪构成要件与数据中的事实', 'referral.element': '要件', 'referral.facts': '数据中的事实', 'referral.notInData': '数据中未见，需调卷核实',
  'referral.transfers': '转移财产行为：转账明细（{n} 笔，合计 {total}）', 'referral.time': '交易时间', 'referral.cp': '对手户名', 'referral.cpAccount': '对手账号',
  'referral.relation': '与本人关系', 'referral.phase': '案件阶段', 'referral.noTransfers': '本线索没有转账明细（非资金类拒执线索）。',
  'referral.sources': '其他证据行：{list}', 'referral.made': '由 xiansuo 于 {date} 根据导入数据生成，仅为线索，需调取原始材料核实后方可移送。',
  'referral.csv': '导出 CSV', 'referral.failed': '移送线索表生成失败：{msg}', 'leads.petitionOnly': '只看有信访',
  'dossier.print': '打印', 'dossier.export': '导出 XLSX', 'dossier.close': '关闭', 'dossier.exported': '已导出。', 'dossier.failed': '一人一档生成失败：{msg}',
  empty: '--',
};

const en = {
  skip: 'Skip to content', title: 'Enforcement supervision lead screening', privacy: 'Everything runs in this browser; nothing is uploaded',
  demo: 'Load demo data', mask: 'Mask personal data', tour: 'Guided tour', steps: 'Steps',
  'step.files': 'Add files', 'step.models': 'Models & run', 'step.leads': 'Leads', 'step.flow': 'Bank flows', 'step.export': 'Export', 'step.workshop': 'Model workshop', 'models.custom': 'Custom',
  'files.h': 'Add files', 'files.drop': 'Drop case lists, bail deposits, vehicles, real estate, bank statements … here',
  'files.formats': 'CSV, TSV, TXT, XLSX, XLS; several files at once; GBK detected automatically',
  'files.pick': 'Choose files…', 'files.clear': 'Remove all files',
  'files.summary': '{files} files, {tables} tables, {rows} rows loaded',
  'files.none': 'No files loaded yet.', 'files.withErrors': '{n} files or sheets could not be read; see below.', 'files.loading': 'Reading {name}…', 'files.dropInvalid': 'Only files can be dropped',
  'map.export': 'Export column mappings', 'map.confirmAll': 'Confirm all', 'map.confirmedAll': 'Column mappings of {n} tables confirmed', 'map.import': 'Import column mappings…', 'map.imported': '{n} column mappings imported',
  'card.sheet': 'Sheet', 'card.format': 'Format', 'card.encoding': 'Encoding', 'card.size': 'Size', 'card.rows': 'Data rows',
  'card.headerRow': 'Header row', 'card.skipped': 'Skipped rows', 'card.undecodable': 'Undecodable chars',
  'card.kind': 'Dataset kind', 'card.unknownKind': '(not recognised)', 'card.score': 'fit',
  'card.mapping': 'Column mapping', 'card.field': 'Field', 'card.column': 'Column', 'card.unmapped': '-- not mapped --',
  'card.confirm': 'Confirm mapping', 'card.confirmed': 'Confirmed', 'card.remembered': 'Remembered mapping applied',
  'card.quality': 'Data quality', 'card.emptyCols': 'Empty values in {n} columns ({cells} cells)', 'card.noIssues': 'No issues found', 'card.preview': 'Preview first 5 rows',
  'card.duplicates': '{n} duplicate rows (identical to an earlier row)', 'card.dupGroup': '{rows} are identical ({n} rows)',
  'card.dupPartial': 'Too many distinct rows: later rows were only partly checked for duplicates',
  'card.sampleOf': 'Statement read in chunks: the quality figures below cover its first {n} rows (of {total}); unreadable transactions are listed in the flow analysis reading notes',
  'card.skippedRows': 'Skipped rows ({n})', 'card.skippedCount': '{n} rows', 'card.row': 'row {row}', 'card.remove': 'Remove',
  'card.key': 'key field', 'card.preset': 'Preset',
  'issue.empty': 'empty', 'issue.invalid': 'invalid', 'issue.damaged': 'damaged by Excel', 'issue.unparsed': 'unparsed',
  'issue.line': '{column}: {count} × {kind}', 'issue.examples': 'e.g. ',
  'cand.title': 'Candidate properties for contract addresses ({n} groups, to check by hand)', 'cand.leadsTitle': 'Candidate properties (address matching) ({n}, to check by hand)', 'cand.address': 'Contract address', 'cand.location': 'Registered location', 'cand.owner': 'Holder', 'cand.score': 'Similarity', 'cand.reasons': 'Why', 'cand.seized': 'Seized',
  'models.h': 'Models & run', 'models.asOf': 'As of', 'models.all': 'All', 'models.none': 'None',
  'models.unavailable': 'No screening models loaded (this build has no screening engine).',
  'models.rules': 'Rules', 'models.params': 'Thresholds', 'models.basis': 'Basis',
  'run.start': 'Run screening', 'run.cancel': 'Cancel', 'run.cancelled': 'Screening cancelled.', 'run.noFiles': 'Add files first.',
  'run.running': 'Screening…', 'run.done': 'Done: {n} leads ({m} name-only) in {s} s', 'run.stage': '{stage}: {done} / {total}',
  'run.notEvaluated': 'Rules not evaluated', 'run.noModels': 'Select at least one model.', 'run.candidates': '; {n} groups of candidate properties on the “Models & run” page', 'run.stats': '; {cases} case rows, {zb} closed as 终本, {open} still open', 'models.needs': 'Needs', 'run.failed': 'Screening failed: {msg}',
  'leads.search': 'Search', 'leads.searchPh': 'Search case no., name, ID…', 'leads.model': 'Model', 'leads.rule': 'Rule',
  'leads.status': 'Status', 'leads.group': 'Group', 'leads.all': 'All', 'leads.match': 'Match',
  'leads.strong': 'ID / name+birth matches {n}', 'leads.nameOnly': 'Name-only matches {n} (apart)',
  'leads.list': 'Leads', 'leads.detail': 'Lead detail', 'leads.empty': 'No leads match.',
  'leads.none': 'No screening run yet. Add files, then run the models.', 'leads.pick': 'Pick a lead to see its evidence.', 'leads.import': 'Import leads…', 'leads.imported': '{n} leads imported ({bad} unreadable lines)',
  'detail.refsOnly': 'The raw cells are not in the lead file (produced on a cluster): open the source export at the file, sheet and row above.',
  'leads.select': 'Select',
  'group.none': 'No grouping', 'group.case': 'By case', 'group.rule': 'By rule', 'group.subject': 'By debtor',
  'col.case': 'Case no.', 'col.subject': 'Debtor', 'col.id': 'ID number', 'col.rule': 'Rule', 'col.match': 'Match',
  'col.amount': 'Amount (yuan)', 'col.status': 'Status',
  'match.id': 'ID', 'match.name+birth': 'Name + birth date', 'match.name': 'Name only', 'match.case': 'case-level',
  'detail.idSource': 'ID taken from', 'detail.flags': 'Flags', 'detail.why': 'Why it matters',
  'flag.acquired_after_zhongben': 'registered after 终本', 'flag.payer_is_other': 'deposit paid by someone else: check ownership', 'flag.change_unknown': 'no record of a change of debtor',
  'flag.co_owned': 'co-owned: the debtor\'s share is enforceable', 'flag.not_paid_out': 'not paid out yet', 'flag.term_expired': 'seizure term expired: check renewal',
  'status.todo': 'To check', 'status.true': 'Confirmed', 'status.excluded': 'Excluded', 'status.referred': 'Referred',
  'detail.reason': 'Why', 'detail.figures': 'Figures', 'detail.basis': 'Legal basis', 'detail.evidence': 'Evidence rows',
  'detail.file': 'File', 'detail.sheet': 'Sheet', 'detail.row': 'Row', 'detail.field': 'Field', 'detail.raw': 'Raw',
  'detail.norm': 'Normalised', 'detail.status': 'Status', 'detail.note': 'Note', 'detail.saved': 'Saved {time}',
  'detail.model': 'Model', 'detail.rule': 'Rule', 'detail.match': 'Match',
  'export.h': 'Export', 'export.leads': 'Lead list',
  'export.leadsHint': 'Exports the filtered leads; with masking on, files are masked too. Cells starting with = + - @ are neutralised.',
  'export.xlsx': 'Export Excel (XLSX)', 'export.csv': 'Export CSV', 'export.print': 'Annex to a procuratorial recommendation',
  'export.printHint': 'Prints the leads ticked in the list (or the first 50 filtered ones), A4.',
  'export.printBtn': 'Print view', 'export.work': 'Verification work',
  'export.workHint': 'Statuses and notes are kept in this browser; export them as a file for a colleague.',
  'export.workOut': 'Export work', 'export.workIn': 'Import work…', 'export.workImported': '{n} records imported',
  'export.noLeads': 'No leads to export.', 'export.failed': 'Export failed: {msg}',
  'print.title': 'Annex: enforcement supervision leads', 'print.made': 'Made {date} · {n} leads',
  'print.facts': 'Case facts', 'print.note': 'Verification note',
  'demo.loading': 'Building demo data…', 'demo.unavailable': 'This build has no demo data.',
  'alias.title': 'Address alias table ({n} entries, for candidate properties by contract address)', 'alias.hint': 'Other names of the same estate and district changes, used to compare contract addresses with the register.',
  'alias.estates': 'Estate aliases (same estate)', 'alias.districts': 'District changes', 'alias.estateA': 'Name 1', 'alias.estateB': 'Name 2',
  'alias.area': 'City', 'alias.old': 'Old district', 'alias.new': 'New district', 'alias.since': 'Since year', 'alias.add': 'Add a row', 'alias.remove': 'Remove',
  'alias.export': 'Export alias table', 'alias.import': 'Import alias table', 'alias.reset': 'Restore example', 'alias.imported': 'Imported {n} aliases', 'alias.importFailed': 'Alias table not imported: {msg}',
  'error.worker': 'Background error: {msg}', 'error.file': '{name}: {msg}', 'error.action': 'Action failed: {msg}',
  'flow.lost': 'The background process restarted and the earlier flow analysis was lost (files and mappings were restored).', 'flow.rerun': 'Run the flow analysis again',
  'tour.skip': 'Skip', 'tour.next': 'Next', 'tour.done': 'Start',
  'tour.1.h': 'Welcome to xiansuo', 'tour.1.p': 'Everything is computed in your browser; files are never uploaded. Try “Load demo data” first.',
  'tour.2.h': '1. Add files', 'tour.2.p': 'Drop exports from courts, police, vehicle and property registries, banks. Check each file’s kind and column mapping, then confirm.',
  'tour.3.h': '2. Models & run', 'tour.3.p': 'Pick the models and the as-of date, then run. You can cancel at any time.',
  'tour.4.h': '3. Verify leads', 'tour.4.p': 'Each lead shows the rule, the evidence rows (file, sheet, row) and the legal basis. Status and notes are saved locally.',
  'tour.5.h': '4. Export and print', 'tour.5.p': 'Export to Excel/CSV or print ticked leads as an annex. Turn on masking for screenshots and training.',
  'flow.placeholder': 'Bank-statement flow analysis is not part of this build yet.',
  empty: '--',
  'flag.has_petition': 'petition / 12309 on file',
  'dossier.open': 'Dossier', 'dossier.title': 'Dossier', 'dossier.loading': 'Gathering…', 'dossier.birth': 'Birth date',
  'dossier.priority': 'Combined priority', 'dossier.level': '{level} ({score} points)', 'dossier.cases': 'Enforcement cases (as debtor)', 'dossier.petition': 'Petitions / 12309',
  'dossier.yes': 'yes', 'dossier.no': 'none', 'dossier.weak': 'Name-only matches', 'dossier.weakN': '{n} rows match by name only: check them (in italics)',
  'dossier.formula': 'Priority = 10 × match weight per screening lead (ID 1, name+birth 0.8, name only 0.3) + flow score ÷ 10 (at most 10 each) + 5 per further source + 1 per 50,000 yuan unpaid in 终本 cases (at most 20) + 5 with a petition; high from 40, medium from 20.',
  'dossier.leads': 'Screening leads ({n})', 'dossier.flowLeads': 'Bank-flow leads ({n})', 'dossier.phase': 'Case phase', 'dossier.role': 'Role',
  'dossier.content': 'Content', 'dossier.accounts': 'Bank accounts ({n})', 'dossier.account': 'Account', 'dossier.rows': 'Statement rows', 'dossier.first': 'First', 'dossier.last': 'Last',
  'referral.open': 'Referral sheet (refusal to comply)', 'referral.debtor': 'Debtor',
  'referral.elements': 'Elements of the offence and the facts in the data', 'referral.element': 'Element', 'referral.facts': 'Facts in the data', 'referral.notInData': 'not in the data: check the file',
  'referral.transfers': 'Assets moved: transfers ({n}, total {total})', 'referral.time': 'Time', 'referral.cp': 'Counterparty', 'referral.cpAccount': 'Counterparty account',
  'referral.relation': 'Relation to the debtor', 'referral.phase': 'Case phase', 'referral.noTransfers': 'This lead lists no transfers (not a money lead).',
  'referral.sources': 'Other evidence rows: {list}', 'referral.made': 'Made by xiansuo on {date} from the loaded data: a lead only, to be verified against the originals before referral.',
  'referral.csv': 'Export CSV', 'referral.failed': 'Referral sheet failed: {msg}', 'leads.petitionOnly': 'With petition only',
  'dossier.print': 'Print', 'dossier.export': 'Export XLSX', 'dossier.close': 'Close', 'dossier.exported': 'Exported.', 'dossier.failed': 'Dossier failed: {msg}',
};

const dicts = { zh, en };
let lang = (() => {
  try { return localStorage.getItem('xiansuo.lang') === 'en' ? 'en' : 'zh'; } catch { return 'zh'; }
})();
const listeners = new Set();

export function t(key, params = {}) {
  const s = dicts[lang][key] ?? zh[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? `{${k}}`));
}

export function getLang() {
  return lang;
}

export function setLang(l) {
  lang = l === 'en' ? 'en' : 'zh';
  try { localStorage.setItem('xiansuo.lang', lang); } catch { /* private mode: not remembered */ }
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  applyI18n(document);
  listeners.forEach((f) => f(lang));
}

export function onLangChange(f) {
  listeners.add(f);
}

// Static markup carries data-i18n (text), data-i18n-placeholder, data-i18n-aria.
export function applyI18n(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-aria]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.i18nAria)); });
}

// Keys must agree between languages: a test checks this.
export const _dicts = dicts;
