# The Qwen3 forward pass of Inkstone, in the TorchScript dialect that torch.jit.load reads from the
# code/__torch__.py entry of a TorchScript archive. TorchScriptArchive.java packs this file, unchanged,
# into such an archive at run time (no Python involved); Qwen3Runtime.java loads it through DJL and calls
# its methods with weights and caches passed as lists of tensors.
#
# Dialect notes: every parameter is annotated; dtypes are plain ints (6 = float32, 15 = bfloat16,
# 5 = float16, 0 = uint8, 4 = int64, 11 = bool); `torch.x(...)` calls the ATen operator x.
#
# Shapes: B = sequences in the call, T = new tokens per sequence, L = cached positions attended to,
# H = hidden size, I = intermediate size, V = vocabulary rows, nq / nkv = query / key-value heads,
# d = head_dim, C = context length (cache capacity), R = cache rows (sequences the cache can hold).
#
# The weight list (built once by the loader):
#   [0] embedding    [V, H]
#   [1] final norm   [H]
#   [2] lm_head      [V, H]  (the embedding itself when tied)
#   then 8 tensors per layer, at 3 + 8 * layer:
#   +0 input norm    [H]
#   +1 q|k|v fused   [(nq + 2 nkv) d, H]
#   +2 q norm        [d]
#   +3 k norm        [d]
#   +4 o_proj        [H, nq d]
#   +5 post-attention norm [H]
#   +6 gate|up fused [2 I, H]
#   +7 down_proj     [H, I]
# The quantized list (--dtype int4 / int8; empty otherwise): a (weight, scales) pair per matrix, 8 tensors
# per layer at 8 * layer (+0 q|k|v, +2 o_proj, +4 gate|up, +6 down_proj), then the lm_head pair at 8 * layers.
#   int8: weight [out, in] int8, scales [out] bf16 (one per output row)
#   int4: weight [out, in / 2] uint8 (packed by _convert_weight_to_int4pack_for_cpu), scales [in / g, out, 2]
#         bf16 (scale and zero of each group of g inputs, contiguous); the group g = in / scales.size(0)
#   a matrix left in bf16 (its input size does not split into groups): both entries are empty tensors
# In a quantized model the weight list's matrices may be empty tensors too (when prompts also run on the
# quantized weights, to save memory): project() then always reads the quantized pair.
# The cache list: 2 tensors per layer, keys then values, each [R, nkv, C, d], written in place.
# The rope list: cos and signed sin tables (sin negated in its first half), each [C, d] in the compute dtype.

class Qwen3(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool

  def forward(self: __torch__.Qwen3,
      weights: List[Tensor],
      quantized: List[Tensor],
      cache: List[Tensor],
      rope: List[Tensor],
      tokens: Tensor,
      starts: Tensor,
      row: int,
      num_heads: int,
      num_kv_heads: int,
      eps: float) -> Tensor:
    # Runs T new tokens of B sequences through the model, appending their keys and values to the cache,
    # and returns the logits after each sequence's last new token.
    #   tokens: [B, T] int64, token ids
    #   starts: [B] int64, the position of each sequence's first new token (= tokens already cached)
    #   row:    the cache row of the first sequence; sequence b uses row + b
    # returns [B, V] float32 logits, on the CPU
    embedding = weights[0]
    dtype = weights[4].dtype                                                # the compute dtype (of q|k|v)
    device = weights[4].device
    batch = tokens.size(0)
    count = tokens.size(1)
    tokens = torch.to(tokens, device)
    starts = torch.to(starts, device)
    head_dim = weights[5].size(0)
    positions = torch.add(torch.view(starts, [batch, 1]), torch.view(torch.arange(count, device=device), [1, count]))  # [B, T]
    attend = int(torch.max(positions)) + 1                                  # L: keys 0 .. L-1 exist after this call
    cos = torch.view(torch.index_select(rope[0], 0, torch.flatten(positions)), [batch, count, 1, head_dim])  # [B, T, 1, d]
    sin = torch.view(torch.index_select(rope[1], 0, torch.flatten(positions)), [batch, count, 1, head_dim])  # [B, T, 1, d]
    # where the new keys/values go: cache[row + b, :, positions[b, t], :]
    write_at = annotate(List[Optional[Tensor]], [torch.view(torch.arange(batch, device=device), [batch, 1]), None, positions])
    mask : Optional[Tensor] = None
    if count > 1 or batch > 1:
      key_positions = torch.view(torch.arange(attend, device=device), [1, 1, attend])          # [1, 1, L]
      mask = torch.unsqueeze(torch.le(key_positions, torch.unsqueeze(positions, 2)), 1)       # [B, 1, T, L] bool, True = attend
    x = torch.to(torch.embedding(embedding, tokens), dtype)                # [B, T, H]
    layers = (len(weights) - 3) // 8
    for layer in range(layers):
      w = 3 + 8 * layer
      keys = torch.narrow(cache[2 * layer], 0, row, batch)                  # [B, nkv, C, d] view of the cache
      values = torch.narrow(cache[2 * layer + 1], 0, row, batch)            # [B, nkv, C, d]
      h = self.rms_norm(x, weights[w], eps)                                 # [B, T, H]
      h = self.attention(h, weights[w + 1], weights[w + 2], weights[w + 3], weights[w + 4], quantized, 8 * layer,
                         keys, values, cos, sin, write_at, mask, attend, num_heads, num_kv_heads, eps)  # [B, T, H]
      x = torch.add(x, h)
      h = self.rms_norm(x, weights[w + 5], eps)                             # [B, T, H]
      x = torch.add(x, self.mlp(h, weights[w + 6], weights[w + 7], quantized, 8 * layer + 4))
    last = torch.select(x, 1, count - 1)                                    # [B, H]
    normed = self.rms_norm(last, weights[1], eps)                           # [B, H]
    return torch.to(self.logits(normed, weights[2], quantized), torch.device("cpu"))  # [B, V] float32

  def logits(self: __torch__.Qwen3, x: Tensor, head: Tensor, quantized: List[Tensor]) -> Tensor:
    # The last GEMM with a float32 output. x: [B, H], head: [V, H], both in the compute dtype; returns [B, V]
    # float32. In float32 it is one GEMM. In bf16 the GEMM accumulates in float32 but rounds its output to
    # bf16 (a 1/64 step at |logit| in [2, 4), which makes ties); the candidates that matter, the 64 highest,
    # are therefore recomputed exactly in float32, which keeps greedy choices exact. A bf16 output is within
    # |v| 2^-8 of the exact value v, so when the 64th candidate could still beat the first, every logit is
    # recomputed in float32 instead (a rare tie pattern).
    if head.dtype == 6:
      return torch.linear(x, head)
    n = len(quantized)
    if n > 0 and quantized[n - 2].numel() > 0:
      # Quantized head: every logit from the int4/int8 rows, then the 64 highest recomputed exactly in
      # float32 from the bf16 rows (64 rows read, not V), so the leading candidates are exact.
      approx = torch.to(self.quantized_mm(torch.contiguous(x), quantized[n - 2], quantized[n - 1]), 6)  # [B, V]
      top = torch.topk(approx, min(64, head.size(0)), -1)                   # values, ids: [B, K]
      chosen = torch.to(torch.embedding(head, top[1]), 6)                   # [B, K, H]
      rescored = torch.squeeze(torch.bmm(chosen, torch.unsqueeze(torch.to(x, 6), 2)), 2)  # [B, K]
      return torch.scatter(approx, 1, top[1], rescored)
    rounded = torch.to(torch.linear(x, head), 6)                            # [B, V] float32 holding bf16 values
    best = torch.topk(rounded, min(64, head.size(0)), -1)                   # values, ids: [B, K]
    first = torch.select(best[0], 1, 0)                                     # [B]
    last = torch.select(best[0], 1, best[0].size(1) - 1)                    # [B]
    reach = torch.ge(torch.add(last, torch.mul(torch.abs(last), 0.00390625)), torch.sub(first, torch.mul(torch.abs(first), 0.00390625)))
    if bool(torch.any(reach)) and best[0].size(1) < head.size(0):
      return torch.linear(torch.to(x, 6), torch.to(head, 6))
    rows = torch.to(torch.embedding(head, best[1]), 6)                      # [B, K, H]
    exact = torch.squeeze(torch.bmm(rows, torch.unsqueeze(torch.to(x, 6), 2)), 2)  # [B, K]
    return torch.scatter(rounded, 1, best[1], exact)

  def attention(self: __torch__.Qwen3,
      x: Tensor,
      qkv_weight: Tensor,
      q_norm: Tensor,
      k_norm: Tensor,
      o_weight: Tensor,
      quantized: List[Tensor],
      at: int,
      keys: Tensor,
      values: Tensor,
      cos: Tensor,
      sin: Tensor,
      write_at: List[Optional[Tensor]],
      mask: Optional[Tensor],
      attend: int,
      num_heads: int,
      num_kv_heads: int,
      eps: float) -> Tensor:
    # Grouped-query self-attention over the cached positions plus the new ones.
    #   x: [B, T, H]; keys, values: [B, nkv, C, d] (written in place); cos, sin: [B, T, 1, d]
    #   quantized, at: this layer's quantized q|k|v and o_proj at quantized[at ..] (see project)
    #   mask: [B, 1, T, L] bool or None (one token of one sequence sees every cached position)
    # returns [B, T, H]
    batch = x.size(0)
    count = x.size(1)
    head_dim = q_norm.size(0)
    qkv = self.project(x, qkv_weight, quantized, at)                        # [B, T, (nq + 2 nkv) d]
    # q and k heads are normalised (per head, over d) and rotated together: one rms_norm and one RoPE for both,
    # then each part takes its own norm weight (fewer ops per step; same arithmetic as two separate passes).
    heads = num_heads + num_kv_heads
    qk = torch.view(torch.narrow(qkv, 2, 0, heads * head_dim), [batch, count, heads, head_dim])  # [B, T, nq + nkv, d]
    v = torch.view(torch.narrow(qkv, 2, heads * head_dim, num_kv_heads * head_dim), [batch, count, num_kv_heads, head_dim])  # [B, T, nkv, d]
    unit = torch.rms_norm(qk, [head_dim], None, eps)                        # [B, T, nq + nkv, d], x's dtype
    qk = self.rotate(torch.cat([torch.mul(torch.narrow(unit, 2, 0, num_heads), q_norm),
                                torch.mul(torch.narrow(unit, 2, num_heads, num_kv_heads), k_norm)], 2), cos, sin)  # [B, T, nq + nkv, d]
    q = torch.narrow(qk, 2, 0, num_heads)                                   # [B, T, nq, d]
    k = torch.narrow(qk, 2, num_heads, num_kv_heads)                        # [B, T, nkv, d]
    torch.index_put_(keys, write_at, k)                                     # keys[b, :, positions[b, t]] = k[b, t]
    torch.index_put_(values, write_at, v)
    # The nq / nkv query heads that share a key-value head are folded into the query length, so that query
    # and key-value head counts match: libtorch 2.7.1's CPU flash kernel has no GQA support, and with
    # enable_gqa=True it falls back to the math path (float32 copies of K and V repeated per query head),
    # whose cost grows with the context.
    group = num_heads // num_kv_heads
    folded = torch.reshape(torch.transpose(q, 1, 2), [batch, num_kv_heads, group * count, head_dim])  # [B, nkv, g T, d]; row j T + t = head kv g + j, token t
    folded_mask : Optional[Tensor] = None
    if mask is not None:
      folded_mask = torch.repeat(mask, [1, 1, group, 1])                    # [B, 1, g T, L]
    attended = torch.scaled_dot_product_attention(
        folded,
        torch.narrow(keys, 2, 0, attend),                                   # [B, nkv, L, d]
        torch.narrow(values, 2, 0, attend),                                 # [B, nkv, L, d]
        folded_mask, 0.0, False,
        scale=float(head_dim) ** -0.5)                                      # [B, nkv, g T, d]
    unfolded = torch.reshape(attended, [batch, num_heads, count, head_dim])    # [B, nq, T, d]
    merged = torch.reshape(torch.transpose(unfolded, 1, 2), [batch, count, num_heads * head_dim])  # [B, T, nq d]
    return self.project(merged, o_weight, quantized, at + 2)                # [B, T, H]

  def mlp(self: __torch__.Qwen3, x: Tensor, gate_up_weight: Tensor, down_weight: Tensor, quantized: List[Tensor], at: int) -> Tensor:
    # down(silu(gate(x)) * up(x)); x: [B, T, H], returns [B, T, H]
    gate_up = self.project(x, gate_up_weight, quantized, at)                # [B, T, 2 I]
    inner = gate_up.size(-1) // 2
    gate = torch.narrow(gate_up, -1, 0, inner)                              # [B, T, I]
    up = torch.narrow(gate_up, -1, inner, inner)                            # [B, T, I]
    return self.project(torch.mul(torch.silu(gate), up), down_weight, quantized, at + 2)  # [B, T, H]

  def project(self: __torch__.Qwen3, x: Tensor, weight: Tensor, quantized: List[Tensor], at: int) -> Tensor:
    # x times weight transposed. x: [B, T, in]; weight: [out, in]; returns [B, T, out]. With quantized weights
    # (quantized[at], quantized[at + 1]: see the top), one-token steps read those (a half or a quarter of the
    # bytes of bf16); prompt chunks use the bf16 weights when they are kept (oneDNN's GEMM is faster for many
    # rows), else the quantized kernel too.
    if len(quantized) == 0:
      return torch.linear(x, weight)
    packed = quantized[at]
    if packed.numel() == 0 or (x.size(1) > 1 and weight.numel() > 0):
      return torch.linear(x, weight)
    rows = torch.reshape(x, [-1, x.size(2)]).contiguous()                  # [B T, in]
    out = self.quantized_mm(rows, packed, quantized[at + 1])               # [B T, out]
    return torch.view(out, [x.size(0), x.size(1), out.size(1)])

  def quantized_mm(self: __torch__.Qwen3, rows: Tensor, packed: Tensor, scales: Tensor) -> Tensor:
    # rows: [M, in] contiguous bf16; packed/scales: one quantized matrix (see the top); returns [M, out] bf16
    if rows.storage_offset() != 0:
      rows = torch.clone(rows)                                              # the kernels need an aligned start
    if packed.dtype == 1:
      return torch._weight_int8pack_mm(rows, packed, scales)
    return torch._weight_int4pack_mm_for_cpu(rows, packed, rows.size(1) // scales.size(0), scales)

  def rms_norm(self: __torch__.Qwen3, x: Tensor, weight: Tensor, eps: float) -> Tensor:
    # weight * x / sqrt(mean(x^2) + eps) over the last dimension, the statistics in float32 and the
    # result rounded to x's dtype before the weight multiplies it (Hugging Face's Qwen3RMSNorm; ATen's
    # rms_norm computes in float32 for bf16 input and rounds back before applying the weight, in one call).
    #   x: [..., n]; weight: [n]; returns [..., n] in x's dtype
    return torch.rms_norm(x, [weight.size(0)], weight, eps)

  def rotate(self: __torch__.Qwen3, x: Tensor, cos: Tensor, sin: Tensor) -> Tensor:
    # NeoX-style rotary embedding: pairs (i, i + d/2) rotate together, x cos + rotate_half(x) sin with
    # rotate_half(x) = [-x2, x1]. The sin table holds -sin in its first half (see rope_tables), so
    # rotate_half(x) sin = roll(x, d/2) signed_sin: 4 ops.
    #   x: [B, T, heads, d]; cos, sin: [B, T, 1, d]; returns [B, T, heads, d]
    return torch.add(torch.mul(x, cos), torch.mul(torch.roll(x, [x.size(3) // 2], [3]), sin))

  # ---- loading -------------------------------------------------------------------------------------

  def map_tensor(self: __torch__.Qwen3, path: str, offset: int, length: int, dtype: int, shape: List[int]) -> Tensor:
    # The tensor stored at bytes [offset, offset + length) of a safetensors file, as a view of a private,
    # lazy memory map of the file (nothing is read until used). A tensor whose offset is not a multiple
    # of its element size cannot be viewed in place and is copied.
    #   returns `shape` in `dtype` (float32, bfloat16 or float16, as stored)
    element_bytes = 4 if dtype == 6 else 2
    if offset % element_bytes == 0:
      mapped = torch.from_file(path, False, (offset + length) // element_bytes, dtype=dtype)   # [elements up to the tensor's end]
      flat = torch.narrow(mapped, 0, offset // element_bytes, length // element_bytes)         # [numel]
    else:
      raw = torch.from_file(path, False, offset + length, dtype=0)                               # [bytes] uint8
      flat = torch.view_copy(torch.clone(torch.narrow(raw, 0, offset, length)), dtype=dtype)    # [numel], copied
    return torch.view(flat, shape)

  def concat_rows(self: __torch__.Qwen3, parts: List[Tensor]) -> Tensor:
    # Fuses matrices that share their input ([q; k; v], [gate; up]) by copying them into one. (The loader
    # takes a zero-copy view instead when they lie back to back in the file.)
    return torch.cat(parts, 0)

  def prepare_layer(self: __torch__.Qwen3, w: List[Tensor], dtype: int, device: str) -> List[Tensor]:
    # One decoder layer's 8 entries of the weight list, given in that order with q|k|v and gate|up already
    # fused, moved to the compute dtype and device. A tensor already in that dtype on the CPU is returned as
    # it is: a view of the memory-mapped file stays one.
    target = torch.device(device)
    out = annotate(List[Tensor], [])
    for t in w:
      out.append(torch.to(t, target, dtype))
    return out

  def prepare_head(self: __torch__.Qwen3, embedding: Tensor, final_norm: Tensor, lm_head: Tensor, tied: bool, dtype: int, device: str) -> List[Tensor]:
    # The first 3 entries of the weight list; tied, lm_head is the embedding itself (one tensor, converted once).
    target = torch.device(device)
    shared = torch.to(embedding, target, dtype)
    head = shared if tied else torch.to(lm_head, target, dtype)
    return [shared, torch.to(final_norm, target, dtype), head]

  def quantize_int8(self: __torch__.Qwen3, w: Tensor) -> List[Tensor]:
    # Weight-only int8 with one scale per output row, w ~ q * scale with q in [-127, 127] and the scale in
    # bf16 (as the kernel uses it). w: [out, in]; returns [q [out, in] int8, scale [out] bf16]. One float32
    # working copy, changed in place.
    wide = torch.to(w, 6)                                                   # [out, in] float32
    bounds = torch.aminmax(wide, dim=1)                                     # ([out], [out])
    largest = torch.maximum(torch.neg(bounds[0]), bounds[1])                # [out] max |w| of each row
    scale = torch.to(torch.clamp_min(torch.div(largest, 127.0), 1e-30), 15)  # [out] bf16
    torch.div_(wide, torch.unsqueeze(torch.to(scale, 6), 1))
    torch.round_(wide)
    torch.clamp_(wide, -127.0, 127.0)
    return [torch.to(wide, 1), scale]

  def quantize_int4(self: __torch__.Qwen3, w: Tensor, group: int) -> List[Tensor]:
    # Weight-only int4, asymmetric, one bf16 scale and zero per group of `group` inputs of each output row,
    # in the convention of _weight_int4pack_mm_for_cpu: w ~ (q - 8) * scale + zero with q in [0, 15].
    # w: [out, in] (in divisible by group); returns [packed [out, in / 2] uint8, scales [in / group, out, 2] bf16].
    rows = w.size(0)
    inputs = w.size(1)
    groups = inputs // group
    wide = torch.reshape(torch.to(w, 6), [rows, groups, group])            # [out, G, g] float32
    low = torch.amin(wide, [2], True)                                       # [out, G, 1]
    high = torch.amax(wide, [2], True)                                      # [out, G, 1]
    scale = torch.to(torch.to(torch.clamp_min(torch.div(torch.sub(high, low), 15.0), 1e-8), 15), 6)  # [out, G, 1], bf16 values
    zero = torch.to(torch.to(torch.add(low, torch.mul(scale, 8.0)), 15), 6)  # [out, G, 1], bf16 values
    torch.sub_(wide, zero)
    torch.div_(wide, scale)
    torch.add_(wide, 8.0)
    torch.round_(wide)
    torch.clamp_(wide, 0.0, 15.0)
    levels = torch.reshape(torch.to(wide, 3), [rows, inputs])               # [out, in] int32 in 0..15
    packed = torch._convert_weight_to_int4pack_for_cpu(levels, 1)           # [out, in / 2] uint8
    pairs = torch.cat([scale, zero], 2)                                     # [out, G, 2]
    return [packed, torch.contiguous(torch.to(torch.transpose(pairs, 0, 1), 15))]  # scales contiguous [G, out, 2]

  def no_quantization(self: __torch__.Qwen3) -> List[Tensor]:
    # The pair of a matrix left in bf16: two empty tensors.
    return [torch.empty([0], dtype=0), torch.empty([0], dtype=15)]

  def empty_like_weight(self: __torch__.Qwen3, w: Tensor) -> Tensor:
    # An empty tensor of w's dtype: stands for a bf16 matrix that is not kept (prompts use the quantized one).
    return torch.empty([0], dtype=w.dtype, device=w.device)

  def raw_bytes(self: __torch__.Qwen3, t: Tensor) -> Tensor:
    # The bytes of a tensor (for the quantized-weight cache): [numel * element size] uint8, a copy.
    flat = torch.flatten(torch.contiguous(t))
    if flat.dtype == 0:
      return torch.clone(flat)
    return torch.view_copy(flat, dtype=0)

  def map_raw(self: __torch__.Qwen3, path: str, offset: int, length: int, dtype: int, shape: List[int]) -> Tensor:
    # A tensor of the quantized-weight cache: bytes [offset, offset + length) of the file (offset page-aligned)
    # as a view of a private, lazy memory map in `dtype` (uint8, int8, int32, bfloat16 or float32) and `shape`.
    element_bytes = 1
    if dtype == 15 or dtype == 5:
      element_bytes = 2
    elif dtype == 6 or dtype == 3:
      element_bytes = 4
    mapped = torch.from_file(path, False, (offset + length) // element_bytes, dtype=dtype)   # [elements up to the tensor's end]
    return torch.view(torch.narrow(mapped, 0, offset // element_bytes, length // element_bytes), shape)

  def new_cache(self: __torch__.Qwen3, layers: int, rows: int, kv_heads: int, capacity: int, head_dim: int, dtype: int, device: str) -> List[Tensor]:
    # Zeroed key and value caches: 2 per layer, each [R, nkv, C, d].
    out = annotate(List[Tensor], [])
    for i in range(2 * layers):
      out.append(torch.zeros([rows, kv_heads, capacity, head_dim], dtype=dtype, device=torch.device(device)))
    return out

  def rope_tables(self: __torch__.Qwen3, theta: float, head_dim: int, capacity: int, dtype: int, device: str) -> List[Tensor]:
    # cos and sin of position * theta^(-2i/d) for i < d/2, repeated for both halves, computed in float64
    # and rounded once to the compute dtype. Returns [cos, signed sin], each [C, d]: the sin table is
    # negated in its first half, as rotate() uses it.
    exponents = torch.div(torch.arange(0, head_dim, 2, dtype=7), float(head_dim))            # [d/2] float64
    inverse_frequency = torch.reciprocal(torch.pow(theta, exponents))                         # [d/2]
    angles = torch.outer(torch.arange(capacity, dtype=7), inverse_frequency)                  # [C, d/2]
    both = torch.cat([angles, angles], 1)                                                     # [C, d]
    sines = torch.sin(angles)                                                                 # [C, d/2]
    signed = torch.cat([torch.neg(sines), sines], 1)                                          # [C, d]
    target = torch.device(device)
    return [torch.to(torch.cos(both), target, dtype), torch.to(signed, target, dtype)]

  def grow_cache(self: __torch__.Qwen3, cache: List[Tensor], capacity: int) -> List[Tensor]:
    # A cache of `capacity` positions holding what `cache` holds: each [R, nkv, C, d] becomes [R, nkv, capacity, d].
    out = annotate(List[Tensor], [])
    for t in cache:
      bigger = torch.zeros([t.size(0), t.size(1), capacity, t.size(3)], dtype=t.dtype, device=t.device)
      torch.copy_(torch.narrow(bigger, 2, 0, t.size(2)), t)
      out.append(bigger)
    return out

  def shape_of(self: __torch__.Qwen3, t: Tensor) -> List[int]:
    return t.size()

  def dtype_of(self: __torch__.Qwen3, t: Tensor) -> int:
    return t.dtype

  def attention_kernel(self: __torch__.Qwen3, num_heads: int, num_kv_heads: int, count: int, attend: int, head_dim: int, folded: bool, masked: bool) -> int:
    # Which SDPA kernel libtorch picks for one attention call of these shapes in bf16 (0 = math, 1 = flash
    # attention): with folded query heads (as attention() calls it) or with enable_gqa=True (diagnostics, tests).
    keys = torch.zeros([1, num_kv_heads, attend, head_dim], dtype=15)
    mask : Optional[Tensor] = None
    if folded:
      q = torch.zeros([1, num_kv_heads, (num_heads // num_kv_heads) * count, head_dim], dtype=15)
      if masked:
        mask = torch.ones([1, 1, (num_heads // num_kv_heads) * count, attend], dtype=11)
      return torch._fused_sdp_choice(q, keys, keys, mask, 0.0, False, scale=None, enable_gqa=False)
    q = torch.zeros([1, num_heads, count, head_dim], dtype=15)
    if masked:
      mask = torch.ones([1, 1, count, attend], dtype=11)
    return torch._fused_sdp_choice(q, keys, keys, mask, 0.0, False, scale=None, enable_gqa=True)

  def swap_rows(self: __torch__.Qwen3, cache: List[Tensor], a: int, b: int, length: int) -> int:
    # Exchanges what cache rows a and b hold at positions 0 .. length-1 (each cache tensor [R, nkv, C, d]); the
    # batch scheduler keeps the running sequences in rows 0 .. B-1 so that forward() reads them as one view.
    for t in cache:
      first = torch.narrow(torch.select(t, 0, a), 1, 0, length)            # [nkv, length, d] view
      second = torch.narrow(torch.select(t, 0, b), 1, 0, length)           # [nkv, length, d] view
      saved = torch.clone(first)
      torch.copy_(first, second)
      torch.copy_(second, saved)
    return length
