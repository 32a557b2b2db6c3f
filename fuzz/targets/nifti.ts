// NIfTI-1 label maps with damaged headers (dims, pixdim, datatype, bitpix, vox_offset, qform/sform,
// scaling, magic) or truncated data, through `ranokit measure` (issue 11 item 12). A clear
// error (exit 2) or a measurement, never a crash; and a
// mask whose voxel spacing is unknown (pixdim ≤ 0 or not finite, no sform/qform) must be refused.
import { gzipSync } from "node:zlib";
import { encodeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import { grid, labelVolume } from "../../test/imaging/phantoms.ts";
import { commonFailures } from "../oracles.ts";
import type { Rng } from "../rng.ts";
import type { FuzzInput, Target } from "../types.ts";

const f32 = [0, -1, -0.5, Number.NaN, Number.POSITIVE_INFINITY, 1e30, 1e-30, 3];
const i16 = [0, -1, 1, 2, 3, 4, 7, 8, 255, 256, 32767, -32768];

/** One header field mutation on the uncompressed bytes; returns its label. */
function mutateHeader(b: Uint8Array, rng: Rng): string {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (rng.int(0, 11)) {
    case 0: {
      const k = rng.int(0, 4);
      const x = rng.pick(i16);
      v.setInt16(40 + 2 * k, x, true);
      return `dim[${k}] = ${x}`;
    }
    case 1: {
      const k = rng.int(1, 3);
      const x = rng.pick(f32);
      v.setFloat32(76 + 4 * k, x, true);
      return `pixdim[${k}] = ${x}`;
    }
    case 2: {
      const x = rng.pick([0, 1, 2, 4, 8, 16, 64, 128, 256, 512, 768, 2304, 999]);
      v.setInt16(70, x, true);
      return `datatype = ${x}`;
    }
    case 3: {
      const x = rng.pick([0, 1, 7, 8, 16, 33, 64]);
      v.setInt16(72, x, true);
      return `bitpix = ${x}`;
    }
    case 4: {
      const x = rng.pick([0, 100, 351, 348, b.length + 100, Number.NaN, -352, 1e9]);
      v.setFloat32(108, x, true);
      return `vox_offset = ${x}`;
    }
    case 5: {
      v.setInt16(252, 0, true);
      v.setInt16(254, 0, true);
      const k = rng.int(1, 3);
      const x = rng.pick([0, -1, Number.NaN]);
      v.setFloat32(76 + 4 * k, x, true);
      return `no qform/sform, pixdim[${k}] = ${x}`;
    }
    case 6: {
      const at = rng.pick([280, 284, 288, 296, 312, 256, 268]);
      const x = rng.pick([Number.NaN, 0, 1e30, Number.NEGATIVE_INFINITY]);
      v.setFloat32(at, x, true);
      return `affine float @${at} = ${x}`;
    }
    case 7: {
      const x = rng.pick([0, Number.NaN, -1, 1e30, 0.5]);
      v.setFloat32(112, x, true);
      return `scl_slope = ${x}`;
    }
    case 8:
      b.set([0x78, 0x78, 0x78, 0x00], 344);
      return "magic = xxx";
    case 9:
      v.setInt32(0, rng.pick([0, 540, 1, 348 << 8]), true);
      return "sizeof_hdr wrong";
    case 10: {
      const x = rng.pick([1, 2, 1000]);
      v.setInt16(48, x, true);
      v.setInt16(40, 4, true);
      return `4-D, dim[4] = ${x}`;
    }
    default: {
      const x = rng.pick([0, 3, 1]);
      v.setInt16(252, x, true);
      v.setInt16(254, rng.pick([0, 4, 2]), true);
      return `qform_code ${x}`;
    }
  }
}

export const niftiTarget: Target = {
  name: "nifti-header",
  area: "nifti",
  generate(rng) {
    const dims: [number, number, number] = [rng.int(6, 24), rng.int(6, 24), rng.int(2, 10)];
    const spacing: [number, number, number] = [
      rng.pick([0.5, 1, 0.9375]),
      rng.pick([0.5, 1, 0.9375]),
      rng.pick([1, 3, 5]),
    ];
    const r = Math.min(dims[0], dims[1]) * Math.min(spacing[0], spacing[1]) * 0.3;
    const vol = labelVolume(grid(dims, spacing, rng.pick([0, 0, 15])), [
      [rng.pick([3, 4, 1]), (x, y, z) => x * x + y * y + (z * z) / 4 < r * r],
    ]);
    const bytes = encodeLabelVolume(vol, {
      datatype: rng.pick(["uint8", "int16", "uint16", "float32"] as const),
    });
    const b = new Uint8Array(bytes);
    const labels: string[] = [];
    for (let n = rng.int(1, 2); n > 0; n--) labels.push(mutateHeader(b, rng));
    let out: Uint8Array = b;
    if (rng.chance(0.2)) {
      const cut = rng.int(0, b.length - 1);
      out = b.slice(0, cut);
      labels.push(`truncated to ${cut} bytes`);
    }
    const gz = rng.chance(0.3);
    const name = gz ? "m.nii.gz" : "m.nii";
    const v = new DataView(b.buffer);
    const unknownSpacing =
      v.getInt16(252, true) <= 0 &&
      v.getInt16(254, true) <= 0 &&
      [1, 2, 3].some((k) => !(v.getFloat32(76 + 4 * k, true) > 0));
    const files: FuzzInput["files"] = { [name]: gz ? new Uint8Array(gzipSync(out)) : out };
    return {
      files,
      argv: ["measure", `{dir}/${name}`, "-f", rng.pick(["json", "table", "csv"]), "--min-volume", "0"],
      meta: { unknownSpacing },
      mutations: labels,
    };
  },
  async check(input, ctx) {
    const r = await ctx.cli(input.argv);
    const f = commonFailures(r, "nifti-header");
    if (input.meta.unknownSpacing && r.code === 0)
      f.push({
        cls: "accepted-invalid",
        detail: `measured a mask with unknown voxel spacing (${input.mutations.join("; ")})`,
      });
    return f;
  },
};
