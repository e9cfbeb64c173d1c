/* wasi.h — configuring WASI preview 1 for an embedded guest.
 *
 * In the spirit of wasmtime's wasi.h: build a wasi_config_t (arguments,
 * environment, stdio, preopened directories), turn it into a wasi_env_t,
 * and let the env provide the `wasi_snapshot_preview1` imports, either to
 * the standard C API (wasm.h: an import vector for wasm_instance_new) or to
 * weft's own linker (weft.h).
 *
 *     wasi_config_t *c = wasi_config_new();
 *     wasi_config_set_argv(c, 2, (const char *[]){ "prog", "hello" });
 *     wasi_config_capture_stdout(c);
 *     wasi_config_preopen_dir(c, "data", "/data");
 *     wasi_env_t *env = wasi_env_new(c);             // takes c
 *     wasm_extern_vec_t imports;
 *     wasi_env_imports(env, store, module, &imports); // then wasm_instance_new
 *     ... call "_start"; wasi_trap_exit_status(trap, &code) for proc_exit ...
 *     wasm_byte_vec_t out; wasi_env_stdout(env, &out);
 *
 * Defaults (as wasmtime): no arguments, an empty environment, stdin empty,
 * stdout and stderr discarded, no directory. Nothing is inherited from the
 * host unless asked. Setting argv, the environment or a stdio stream
 * replaces its earlier setting; preopens add up. Files and directories
 * are opened when the setter is called, so a bad path fails there;
 * wasi_config_error() then says why.
 *
 * Sandbox: the guest reaches the host file system only beneath its
 * preopened directories (`..`, absolute paths and symlinks out fail).
 *
 * Lifetime: the functions an env provides refer to it, so the env must
 * outlive every instance linked with it (delete the store first, or at
 * least stop calling into those instances). One env is one guest process:
 * instances that share it share its fd table. */
#ifndef WEFT_PUBLIC_WASI_H
#define WEFT_PUBLIC_WASI_H

#include <stdbool.h>
#include <stddef.h>

#include "wasm.h"
#include "weft.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wasi_config_t wasi_config_t;
typedef struct wasi_env_t wasi_env_t;

/* ---- configuration ---------------------------------------------------- */

/* NULL if out of memory. */
WASM_API_EXTERN wasi_config_t *wasi_config_new(void);
WASM_API_EXTERN void wasi_config_delete(wasi_config_t *config);
/* Why the last setter that returned false failed ("" if none did). */
WASM_API_EXTERN const char *wasi_config_error(const wasi_config_t *config);

/* argv[0] is the program name the guest sees. Strings are copied. */
WASM_API_EXTERN bool wasi_config_set_argv(wasi_config_t *config, size_t argc,
                                          const char *const argv[]);
/* The host process's own arguments (from /proc/self/cmdline). */
WASM_API_EXTERN bool wasi_config_inherit_argv(wasi_config_t *config);
/* names[i]=values[i] for i < envc, replacing the environment. */
WASM_API_EXTERN bool wasi_config_set_env(wasi_config_t *config, size_t envc,
                                         const char *const names[],
                                         const char *const values[]);
/* The host process's environment, replacing the guest's. */
WASM_API_EXTERN bool wasi_config_inherit_env(wasi_config_t *config);

/* stdin: read from a host file, from bytes held in memory (taken over:
 * *bytes is emptied), or the host's own stdin. */
WASM_API_EXTERN bool wasi_config_set_stdin_file(wasi_config_t *config, const char *path);
WASM_API_EXTERN bool wasi_config_set_stdin_bytes(wasi_config_t *config,
                                                 /* own */ wasm_byte_vec_t *bytes);
WASM_API_EXTERN void wasi_config_inherit_stdin(wasi_config_t *config);

/* stdout / stderr: into a host file (created or truncated), captured in
 * memory (read back with wasi_env_stdout / wasi_env_stderr), or the
 * host's own descriptor. */
WASM_API_EXTERN bool wasi_config_set_stdout_file(wasi_config_t *config, const char *path);
WASM_API_EXTERN bool wasi_config_capture_stdout(wasi_config_t *config);
WASM_API_EXTERN void wasi_config_inherit_stdout(wasi_config_t *config);
WASM_API_EXTERN bool wasi_config_set_stderr_file(wasi_config_t *config, const char *path);
WASM_API_EXTERN bool wasi_config_capture_stderr(wasi_config_t *config);
WASM_API_EXTERN void wasi_config_inherit_stderr(wasi_config_t *config);
/* At most max_bytes kept of each captured stream (0, the default: no
 * limit); a guest write with no room left fails with errno NOSPC. */
WASM_API_EXTERN void wasi_config_set_capture_limit(wasi_config_t *config, size_t max_bytes);

/* Give the guest host directory `host_path` under the name `guest_path`
 * (NULL: the same as host_path). Preopens take guest fds 3, 4, ... in
 * the order given. */
WASM_API_EXTERN bool wasi_config_preopen_dir(wasi_config_t *config, const char *host_path,
                                             const char *guest_path);
/* The same, read-only: the guest may list, stat and read beneath it, and
 * nothing more (creating, writing, renaming, removing fail NOTCAPABLE). */
WASM_API_EXTERN bool wasi_config_preopen_dir_readonly(wasi_config_t *config,
                                                      const char *host_path,
                                                      const char *guest_path);

/* ---- the WASI environment of one guest -------------------------------- */

/* Takes over `config` (deleted, whatever the result). NULL if out of
 * memory. */
WASM_API_EXTERN wasi_env_t *wasi_env_new(/* own */ wasi_config_t *config);
WASM_API_EXTERN void wasi_env_delete(wasi_env_t *env);
/* Why the last call on env that returned false or NULL failed. */
WASM_API_EXTERN const char *wasi_env_error(const wasi_env_t *env);

/* The extern for one import of a module, made in `store`, if the import
 * is a wasi_snapshot_preview1 function this env provides; NULL if not
 * (then the host supplies it itself). Store-owned, as wasm_func_new's. */
WASM_API_EXTERN wasm_extern_t *wasi_env_import(wasi_env_t *env, wasm_store_t *store,
                                               const wasm_importtype_t *import);
/* Every import of `module`, in order, ready for wasm_instance_new (which
 * checks the types). False (with *out empty and wasi_env_error set) if an
 * import is not a WASI function. Delete *out with wasm_extern_vec_delete.
 * The functions are made once per store and env, then reused. */
WASM_API_EXTERN bool wasi_env_imports(wasi_env_t *env, wasm_store_t *store,
                                      const wasm_module_t *module, /* own */ wasm_extern_vec_t *out);
/* weft's own API: define every preview-1 function in `linker`. */
WASM_API_EXTERN void wasi_env_link(wasi_env_t *env, wf_linker *linker);

/* What the guest wrote so far to a captured stdout / stderr (a copy;
 * false, *out empty, if that stream is not captured). Captures are held
 * in memory: give a guest that may write without end a capture limit. */
WASM_API_EXTERN bool wasi_env_stdout(const wasi_env_t *env, /* own */ wasm_byte_vec_t *out);
WASM_API_EXTERN bool wasi_env_stderr(const wasi_env_t *env, /* own */ wasm_byte_vec_t *out);

/* A guest's proc_exit(N) reaches the host as a trap (wasm_func_call's
 * result; wf_func_call's, where wf_trap_exit_code tells the same). True,
 * with *status = N, if `trap` is one; false for a real fault. */
WASM_API_EXTERN bool wasi_trap_exit_status(const wasm_trap_t *trap, int *status);

#ifdef __cplusplus
}
#endif

#endif
