// The workshop's page strings (zh first, en for the switch), kept beside the
// workshop so its texts do not crowd www/i18n.js. Uses the page's language.
import { getLang } from '../../i18n.js';

const zh = {
  h: '模型工坊', intro: '在这里新建、修改、试运行和分享筛查模型；自定义模型保存在本机浏览器中，可导出为文件交给同事。',
  builtin: '内置', custom: '自定义', new: '新建模型', copy: '复制为自定义', edit: '编辑', del: '删除', exportOne: '导出', card: '模型卡',
  exportAll: '导出全部自定义模型', import: '导入模型文件…', drop: '把 .xiansuo-model.json 文件拖到这里导入',
  empty: '还没有自定义模型。', rules: '{n} 条规则', version: '版本 {v}', by: '作者',
  'f.basic': '基本信息', 'f.name': '模型名称', 'f.nameEn': '英文名称（可选）', 'f.explain': '说明', 'f.why': '为什么可疑', 'f.basis': '依据', 'f.data': '所需数据（自动生成）',
  'f.author': '作者', 'f.office': '单位',
  'f.data.h': '数据', 'f.base': '基础数据', 'f.scope': '范围', 'f.per': '线索单位',
  'scope.any': '所有案件', 'scope.zhongben': '终本', 'scope.zhongben_open': '终本未恢复',
  'per.case': '每个案件一条', 'per.debtor': '每个被执行人一条', 'per.row': '每条记录一条',
  'f.join': '关联数据', 'join.none': '（不关联）', 'join.on': '匹配方式',
  'on.person': '人员：证件号 → 姓名+出生日期 → 姓名', 'on.case_no': '案号', 'on.case_no_person': '案号且同一人员',
  'join.name': '对方姓名字段', 'join.id': '对方证件号字段', 'join.caseNo': '对方案号字段',
  'f.computed': '计算值', 'computed.add': '+ 计算值', 'computed.label': '名称', 'term.add': '+ 项', 'term.zero': '空视为0',
  'f.conds': '条件（全部满足时产生线索）', 'block.add': '+ 条件', 'block.addAny': '+ 条件组（任一成立）', 'cond.add': '+ 此组条件', 'mode.all': '全部成立', 'mode.any': '任一成立',
  'cond.field': '字段', 'cond.op': '比较', 'cond.value': '值', 'kind.value': '值', 'kind.param': '阈值', 'kind.field': '另一字段', 'cond.words': '词语（用顿号分隔）', 'cond.raw': '（编辑器不支持的条件，原样保留）：',
  'op.eq': '等于', 'op.ne': '不等于', 'op.gt': '大于', 'op.lt': '小于', 'op.contains_any': '包含任一', 'op.contains_none': '都不包含', 'op.missing': '为空', 'op.present': '不为空',
  'op.before': '早于', 'op.after': '晚于', 'op.before_plus': '早于（另一日期 + N）', 'op.after_plus': '晚于（另一日期 + N）', 'op.days_gt': '相差天数大于',
  'unit.days': '天', 'unit.months': '个月', 'asOf': '基准日',
  'f.lead': '线索', 'amount': '线索金额', 'amount.one': '取值', 'amount.min': '取较小者', 'amount.max': '取较大者',
  'f.figures': '显示的数字', 'figure.add': '+ 数字', 'figure.label': '名称',
  'f.reason': '线索理由', 'reason.insert': '插入占位符…', 'ph.subject': '线索对象', 'ph.case_no': '案号',
  'f.thresholds': '阈值（运行时可调）', 'threshold.add': '+ 阈值', 'threshold.label': '名称', 'threshold.value': '默认值',
  'f.logic': '逻辑（自动生成的中文说明）', 'f.check': '检查', 'ok': '检查通过', 'errors': '{n} 处问题',
  save: '保存', saved: '已保存“{name}”', cancel: '返回列表', trial: '试运行', remove: '删除',
  'trial.noFiles': '请先在“添加文件”中载入数据（可用“载入示例数据”）。', 'trial.done': '试运行：{n} 条线索，用时 {s} 秒', 'trial.first': '前 {n} 条', 'trial.notEvaluated': '未检查：', 'trial.failed': '试运行失败：{msg}',
  'import.done': '已导入 {n} 个模型', 'import.same': '“{name}”已存在且内容相同，未改动', 'import.conflict': '已有同 id 的模型“{name}”，但内容不同。', 'import.replace': '替换', 'import.keep': '保留两者', 'import.skip': '跳过',
  'import.failed': '模型文件“{file}”未导入（未做任何改动）：', 'import.edited': '注意：“{name}”的内容与文件记录的指纹不符（文件被改动过）',
  'card.purpose': '用途', 'card.data': '所需数据', 'card.logic': '逻辑', 'card.thresholds': '阈值', 'card.basis': '法律依据', 'card.author': '作者与版本', 'card.print': '打印模型卡',
  'kind.h': '自定义数据类型', 'kind.new': '新建数据类型（从已载入的样表）', 'kind.noTables': '请先在“添加文件”中载入一个样表。', 'kind.sample': '样表', 'kind.id': '类型标识（英文）', 'kind.label': '名称', 'kind.labelEn': '英文名称',
  'kind.use': '使用', 'kind.header': '表头（作为别名）', 'kind.type': '字段类型', 'kind.saved': '已保存数据类型“{name}”', 'kind.none': '还没有自定义数据类型。', 'kind.fields': '{n} 个字段',
  'type.text': '文本', 'type.id_number': '证件号', 'type.name': '姓名', 'type.date': '日期', 'type.amount': '金额', 'type.plate': '号牌', 'type.case_no': '案号', 'type.address': '地址',
  'confirm.del': '删除自定义模型“{name}”？', readonly: '此模型含编辑器不支持的结构（{what}），只能查看、试运行和导出。', runHint: '运行时阈值在“选择模型并运行”中可调。',
};

const en = {
  h: 'Model workshop', intro: 'Build, change, try and share screening models here; custom models stay in this browser and can be exported as a file for a colleague.',
  builtin: 'Built-in', custom: 'Custom', new: 'New model', copy: 'Copy as custom', edit: 'Edit', del: 'Delete', exportOne: 'Export', card: 'Model card',
  exportAll: 'Export all custom models', import: 'Import model file…', drop: 'Drop a .xiansuo-model.json file here to import it',
  empty: 'No custom models yet.', rules: '{n} rule(s)', version: 'version {v}', by: 'Author',
  'f.basic': 'Basics', 'f.name': 'Model name', 'f.nameEn': 'English name (optional)', 'f.explain': 'What it checks', 'f.why': 'Why suspicious', 'f.basis': 'Legal basis', 'f.data': 'Data needed (generated)',
  'f.author': 'Author', 'f.office': 'Office',
  'f.data.h': 'Data', 'f.base': 'Base data', 'f.scope': 'Scope', 'f.per': 'One lead per',
  'scope.any': 'All cases', 'scope.zhongben': '终本', 'scope.zhongben_open': '终本, not restored',
  'per.case': 'case', 'per.debtor': 'debtor', 'per.row': 'row',
  'f.join': 'Joined data', 'join.none': '(none)', 'join.on': 'Match on',
  'on.person': 'Person: ID → name+birth date → name', 'on.case_no': 'Case number', 'on.case_no_person': 'Case number and same person',
  'join.name': 'Their name field', 'join.id': 'Their ID field', 'join.caseNo': 'Their case number field',
  'f.computed': 'Computed values', 'computed.add': '+ computed value', 'computed.label': 'Name', 'term.add': '+ term', 'term.zero': 'blank = 0',
  'f.conds': 'Conditions (a lead when all hold)', 'block.add': '+ condition', 'block.addAny': '+ group (any holds)', 'cond.add': '+ condition in group', 'mode.all': 'all hold', 'mode.any': 'any holds',
  'cond.field': 'Field', 'cond.op': 'Compare', 'cond.value': 'Value', 'kind.value': 'value', 'kind.param': 'threshold', 'kind.field': 'other field', 'cond.words': 'Words (separated by 、)', 'cond.raw': '(kept as written; the editor cannot show it): ',
  'op.eq': 'equals', 'op.ne': 'differs from', 'op.gt': 'greater than', 'op.lt': 'less than', 'op.contains_any': 'contains any of', 'op.contains_none': 'contains none of', 'op.missing': 'is blank', 'op.present': 'is not blank',
  'op.before': 'before', 'op.after': 'after', 'op.before_plus': 'before (other date + N)', 'op.after_plus': 'after (other date + N)', 'op.days_gt': 'days apart more than',
  'unit.days': 'days', 'unit.months': 'months', 'asOf': 'as-of date',
  'f.lead': 'Lead', 'amount': 'Lead amount', 'amount.one': 'value', 'amount.min': 'smaller of', 'amount.max': 'larger of',
  'f.figures': 'Figures shown', 'figure.add': '+ figure', 'figure.label': 'Label',
  'f.reason': 'Reason', 'reason.insert': 'Insert placeholder…', 'ph.subject': 'subject', 'ph.case_no': 'case number',
  'f.thresholds': 'Thresholds (adjustable per run)', 'threshold.add': '+ threshold', 'threshold.label': 'Label', 'threshold.value': 'Default',
  'f.logic': 'Logic (generated Chinese description)', 'f.check': 'Check', 'ok': 'No problems', 'errors': '{n} problem(s)',
  save: 'Save', saved: 'Saved "{name}"', cancel: 'Back to list', trial: 'Try it', remove: 'Remove',
  'trial.noFiles': 'Load data first under "Add files" (or the demo data).', 'trial.done': 'Trial: {n} lead(s) in {s} s', 'trial.first': 'First {n}', 'trial.notEvaluated': 'Not evaluated: ', 'trial.failed': 'Trial failed: {msg}',
  'import.done': 'Imported {n} model(s)', 'import.same': '"{name}" exists with the same content: unchanged', 'import.conflict': 'A model "{name}" with the same id exists with different content.', 'import.replace': 'Replace', 'import.keep': 'Keep both', 'import.skip': 'Skip',
  'import.failed': 'Model file "{file}" not imported (nothing changed):', 'import.edited': 'Note: the content of "{name}" differs from the fingerprint in the file (edited by hand)',
  'card.purpose': 'Purpose', 'card.data': 'Data needed', 'card.logic': 'Logic', 'card.thresholds': 'Thresholds', 'card.basis': 'Legal basis', 'card.author': 'Author and version', 'card.print': 'Print model card',
  'kind.h': 'Custom dataset kinds', 'kind.new': 'New dataset kind (from a loaded sample table)', 'kind.noTables': 'Load a sample table under "Add files" first.', 'kind.sample': 'Sample table', 'kind.id': 'Kind id (ASCII)', 'kind.label': 'Name', 'kind.labelEn': 'English name',
  'kind.use': 'Use', 'kind.header': 'Header (an alias)', 'kind.type': 'Field type', 'kind.saved': 'Saved dataset kind "{name}"', 'kind.none': 'No custom dataset kinds yet.', 'kind.fields': '{n} field(s)',
  'type.text': 'text', 'type.id_number': 'ID number', 'type.name': 'name', 'type.date': 'date', 'type.amount': 'amount', 'type.plate': 'plate', 'type.case_no': 'case number', 'type.address': 'address',
  'confirm.del': 'Delete custom model "{name}"?', readonly: 'This model uses structures the editor cannot show ({what}); it can be viewed, tried and exported.', runHint: 'Thresholds can be changed per run under "Choose models and run".',
};

export function wt(key, params = {}) {
  const d = getLang() === 'en' ? en : zh;
  const s = d[key] ?? zh[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}
