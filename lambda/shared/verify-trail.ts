import type { ChainVerification } from './audit-chain';

export interface ArchivedHead {
  seq: number;
  hashHex: string;
}

export interface TrailReport {
  ok: boolean;
  lines: string[];
}

/**
 * Turns a chain verification (and optionally the head last shipped to the Object Lock archive) into a
 * verdict that names the first broken record. The archive comparison catches what the table alone cannot:
 * records removed from the end, or a chain rewritten from some point on with fresh hashes.
 */
export function reportTrail(
  v: ChainVerification,
  archived: ArchivedHead | null,
  tableHashAtArchivedSeq: Buffer | null,
): TrailReport {
  const lines: string[] = [];
  let ok = v.ok;
  if (v.firstBroken) {
    const { seq, id, problem } = v.firstBroken;
    const what: Record<string, string> = {
      hash_mismatch: 'its content no longer matches its hash (edited, or moved from another position)',
      prev_hash_mismatch:
        'it does not follow from the record before it (a record before it was rewritten or reordered)',
      sequence_gap: 'the record before it is missing (deleted)',
    };
    lines.push(`BROKEN at seq ${seq} (record ${id}): ${what[problem]}.`);
  }
  if (archived) {
    if (v.head.seq < archived.seq) {
      ok = false;
      lines.push(
        `BROKEN: the archive holds records up to seq ${archived.seq}; the table ends at seq ${v.head.seq} (records removed from the end).`,
      );
    } else if (!tableHashAtArchivedSeq || tableHashAtArchivedSeq.toString('hex') !== archived.hashHex) {
      ok = false;
      lines.push(
        `BROKEN at seq ${archived.seq}: its hash differs from the archived chain head (the chain was rewritten).`,
      );
    } else {
      lines.push(`Archived head seq ${archived.seq} matches.`);
    }
  }
  if (ok) lines.push(`OK: ${v.checked} records, head seq ${v.head.seq} hash ${v.head.hash.toString('hex')}.`);
  return { ok, lines };
}
