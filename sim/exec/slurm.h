/* slurm.h - what the execution layer asks of a Slurm installation.
 *
 * The sweep's batch script is written by the command line (cmd_sweep.c) and submitted with
 * sbatch; here are the queries that run Slurm's own programs, kept out of the pure core.
 */
#ifndef DCB_SLURM_H
#define DCB_SLURM_H

/* Slurm's default MaxArraySize (slurm.conf(5)): array indices 0..1000. */
#define DCB_SLURM_DEFAULT_MAX_ARRAY 1001

/* MaxArraySize from `scontrol show config`, or DCB_SLURM_DEFAULT_MAX_ARRAY when scontrol is
 * missing or says nothing usable. */
int dcb_slurm_max_array_size(void);

#endif
