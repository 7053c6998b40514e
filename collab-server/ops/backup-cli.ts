/**
 * npm run backup -- <data folder> <target folder>
 * npm run restore -- <backup folder> <empty data folder>
 * npm run backup -- --verify <backup folder>
 * Exit 0 on success, 1 when a backup does not verify or a restore is refused (with the reasons), 2 on usage errors.
 */
import { backup, restore, verifyBackup } from './backup'

const args = process.argv.slice(2)
const [mode, a, b] = args[1] === '--verify' ? ['verify', args[2], undefined] : args
try {
  if (mode === 'backup' && a && b && !a.startsWith('--')) {
    const r = await backup(a, b)
    console.log(`备份完成并已校验 backup written and verified: ${r.dir} (${r.manifest.records} records, ${r.manifest.files.length} files, ${r.ms} ms)`)
  } else if (mode === 'verify' && a) {
    const v = verifyBackup(a)
    if (!v.ok) {
      console.error(`备份未通过校验 backup does NOT verify:\n  - ${v.problems.join('\n  - ')}`)
      process.exit(1)
    }
    console.log(`备份完好 backup verifies: ${v.records} records, ${v.files} files`)
  } else if (mode === 'restore' && a && b) {
    const r = restore(a, b)
    console.log(`已恢复 restored into ${b}: ${r.records} records, ${r.files} files`)
  } else {
    console.error(
      '用法 usage:\n  npm run backup -- <数据目录> <备份目标目录>\n  npm run backup -- --verify <备份目录>\n  npm run restore -- <备份目录> <空的数据目录>'
    )
    process.exit(2)
  }
} catch (e) {
  console.error((e as Error).message)
  process.exit(1)
}
