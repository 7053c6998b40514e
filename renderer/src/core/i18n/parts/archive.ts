/** Words of 归档查询 (renderer/src/features/archive/, docs/decisions.md "Archive") and the ARCHIVED refusal. */
export const archiveZh = {
  'archive.nav': '归档查询',
  'archive.title': '归档查询',
  'archive.hint': '办结满归档期限的记录已转入归档：只能查看，不再出现在待办和督查列表中。仅显示您有权查看的记录。',
  'archive.q': '标题、文号或收文编号',
  'archive.year': '年份',
  'archive.search': '查询',
  'archive.col.title': '标题',
  'archive.col.number': '编号',
  'archive.col.kind': '类别',
  'archive.col.year': '年份',
  'archive.col.archivedAt': '归档时间',
  'archive.kind.task': '交办件',
  'archive.kind.docin': '公文·收文',
  'archive.kind.docout': '公文·发文',
  'archive.kind.notice': '通知',
  'archive.kind.all': '全部',
  'archive.empty': '没有符合条件的归档记录',
  'archive.error': '查询失败：{message}',
  'archive.readOnly': '该记录已于 {time} 归档，只能查看',
  'kinds.refusal.ARCHIVED': '该记录已归档，只能查看，不能修改'
} as const

export const archiveEn: Record<keyof typeof archiveZh, string> = {
  'archive.nav': 'Archive',
  'archive.title': 'Archive search',
  'archive.hint':
    'Records closed for longer than the archive period are archived: read-only, and no longer in to-do or oversight lists. Only records you may read are shown.',
  'archive.q': 'Title, document or registration number',
  'archive.year': 'Year',
  'archive.search': 'Search',
  'archive.col.title': 'Title',
  'archive.col.number': 'Number',
  'archive.col.kind': 'Kind',
  'archive.col.year': 'Year',
  'archive.col.archivedAt': 'Archived',
  'archive.kind.task': 'Assigned task',
  'archive.kind.docin': 'Document (incoming)',
  'archive.kind.docout': 'Document (outgoing)',
  'archive.kind.notice': 'Notice',
  'archive.kind.all': 'All',
  'archive.empty': 'No archived records match',
  'archive.error': 'Search failed: {message}',
  'archive.readOnly': 'This record was archived on {time}; it is read-only',
  'kinds.refusal.ARCHIVED': 'This record is archived: it can be read but not changed'
}
