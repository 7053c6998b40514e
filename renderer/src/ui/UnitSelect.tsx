/** Picks units from the directory, grouped 乡镇 / 县直单位, searchable by name (fast: 64 options). */
import { Select } from 'antd'
import { useMemo } from 'react'
import { isWorkingUnit } from '@domain/directory'
import { useDirectory } from '../core/data/hooks'
import { useT } from '../core/i18n'

interface Props {
  value?: string | string[]
  onChange?: (v: string | string[]) => void
  multiple?: boolean
  exclude?: string[]
  testId?: string
}

export function UnitSelect({ value, onChange, multiple, exclude = [], testId }: Props) {
  const t = useT()
  const { units } = useDirectory()
  const options = useMemo(() => {
    const working = [...units.values()].filter((u) => isWorkingUnit(u) && !exclude.includes(u.id)).sort((a, b) => a.order - b.order)
    return (['township', 'department'] as const).map((kind) => ({
      label: t(`unitKind.${kind}`),
      title: kind,
      options: working.filter((u) => u.kind === kind).map((u) => ({ value: u.id, label: u.name }))
    }))
  }, [units, exclude, t])
  return (
    <Select
      data-testid={testId}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={multiple}
      placeholder={t('form.pickUnit')}
      value={value}
      onChange={onChange}
      options={options}
      maxTagCount="responsive"
    />
  )
}
